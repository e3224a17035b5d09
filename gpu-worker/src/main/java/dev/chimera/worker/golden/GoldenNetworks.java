package dev.chimera.worker.golden;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every network the golden harness can check, listed by hand (one line each) rather than discovered. */
public final class GoldenNetworks {

    private GoldenNetworks() {
    }

    /** The registered networks; may be empty. */
    public static List<GoldenNetwork> all() {
        List<GoldenNetwork> networks = new ArrayList<>();
        networks.add(new dev.chimera.worker.crossbreed.CrossbreedGolden());
        networks.add(new dev.chimera.worker.clvae.ClvaeGolden());
        networks.add(new dev.chimera.worker.dino.DinoVitGolden());
        networks.add(new dev.chimera.worker.splice.SpliceGeneratorGolden());
        return List.copyOf(networks);
    }

    /** The network among {@code networks} that handles config.json's {@code network} value, if any. */
    public static Optional<GoldenNetwork> find(List<GoldenNetwork> networks, String network) {
        return networks.stream().filter(n -> n.network().equals(network)).findFirst();
    }
}
