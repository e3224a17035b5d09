package dev.chimera.model.clip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIP's byte-pair encoding of one pre-token: its byte symbols, the last one suffixed with {@code </w>}, merged pair by
 * pair in order of merge rank (every occurrence of the best pair, left to right) until no known pair is left; results
 * are cached, as the reference caches them, in a bounded least-recently-used map.
 */
final class BpeMerges {

    static final String END_OF_WORD = "</w>";
    private static final int CACHE_SIZE = 10_000;

    private final Map<String, Integer> ranks;
    private final Map<String, List<String>> cache;

    /** Merges of the given pairs ({@code "first second"}), ranked by their order. */
    BpeMerges(List<String> pairs) {
        Map<String, Integer> byPair = new HashMap<>(pairs.size() * 2);
        for (int i = 0; i < pairs.size(); i++) {
            // Python's dict(zip(merges, range(...))): a repeated pair keeps its last rank.
            byPair.put(pairs.get(i), i);
        }
        this.ranks = Map.copyOf(byPair);
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                return size() > CACHE_SIZE;
            }
        });
    }

    /** The BPE symbols of one byte-encoded pre-token. */
    List<String> apply(String token) {
        List<String> cached = cache.get(token);
        if (cached != null) {
            return cached;
        }
        List<String> merged = List.copyOf(merge(token));
        cache.put(token, merged);
        return merged;
    }

    private List<String> merge(String token) {
        List<String> word = new ArrayList<>(token.length());
        for (int i = 0; i < token.length() - 1; i++) {
            word.add(String.valueOf(token.charAt(i)));
        }
        word.add(token.charAt(token.length() - 1) + END_OF_WORD);
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String first = null;
            String second = null;
            for (int i = 0; i < word.size() - 1; i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    first = word.get(i);
                    second = word.get(i + 1);
                }
            }
            if (first == null) {
                break;
            }
            word = mergeEvery(word, first, second);
        }
        return word;
    }

    private static List<String> mergeEvery(List<String> word, String first, String second) {
        List<String> out = new ArrayList<>(word.size());
        int i = 0;
        while (i < word.size()) {
            if (i < word.size() - 1 && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
                out.add(first + second);
                i += 2;
            } else {
                out.add(word.get(i));
                i++;
            }
        }
        return out;
    }
}
