package dev.chimera.model.clip;

import java.util.Arrays;

/**
 * One prompt laid out as Stable Diffusion's tokenizer does: start-of-text, the BPE ids (the first ones only, when too
 * many), end-of-text, then end-of-text as padding up to the context length.
 *
 * @param inputIds the ids, one per position of the context
 * @param length the positions before the padding: start, the ids kept, end
 * @param untruncatedLength start, every id of the prompt, end: more than the context when the prompt was cut
 */
public record ClipTokens(long[] inputIds, int length, int untruncatedLength) {

    /** Copies the ids, so the record stays unchanged. */
    public ClipTokens {
        inputIds = inputIds.clone();
    }

    @Override
    public long[] inputIds() {
        return inputIds.clone();
    }

    /** Whether the prompt had more ids than fit between start and end. */
    public boolean truncated() {
        return untruncatedLength > length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClipTokens that && Arrays.equals(inputIds, that.inputIds) && length == that.length
                && untruncatedLength == that.untruncatedLength;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(inputIds) + length) + untruncatedLength;
    }

    @Override
    public String toString() {
        return "ClipTokens[length=" + length + ", untruncatedLength=" + untruncatedLength + ", inputIds="
                + Arrays.toString(inputIds) + "]";
    }
}
