package dev.chimera.model.golden;

import java.util.List;
import java.util.Optional;

/** Every network the golden harness can check, listed by hand (one line each) rather than discovered. */
public final class GoldenNetworks {

    private GoldenNetworks() {
    }

    /** The registered networks. */
    public static List<GoldenNetwork> all() {
        return List.of(new CrossbreedGolden(), new ClvaeGolden(), new DinoVitGolden(), new SpliceGeneratorGolden(),
                new ClipTextGolden(), new SdVaeGolden(), new SdUnetGolden(), new CiaSamplerGolden(),
                new CiaMaskedAdainGolden());
    }

    /** The network among {@code networks} that handles config.json's {@code network} value, if any. */
    public static Optional<GoldenNetwork> find(List<GoldenNetwork> networks, String network) {
        return networks.stream().filter(n -> n.network().equals(network)).findFirst();
    }
}
