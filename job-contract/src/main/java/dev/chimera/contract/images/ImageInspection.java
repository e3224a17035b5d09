package dev.chimera.contract.images;

import dev.chimera.contract.params.Problem;
import java.util.List;
import java.util.Objects;

/** The outcome of inspecting an upload: either its header, or every problem found. */
public sealed interface ImageInspection {

    /** True when the upload is an acceptable image. */
    boolean isAccepted();

    /** Every problem found, empty when accepted. */
    List<Problem> problems();

    /** The image's header; only for an accepted upload. */
    ImageHeader header();

    /** An upload that is a complete image within the limits. */
    record Accepted(ImageHeader header) implements ImageInspection {

        /** Rejects a missing header. */
        public Accepted {
            Objects.requireNonNull(header, "header");
        }

        @Override
        public boolean isAccepted() {
            return true;
        }

        @Override
        public List<Problem> problems() {
            return List.of();
        }
    }

    /** An upload with at least one problem. */
    record Refused(List<Problem> problems) implements ImageInspection {

        /** Keeps an immutable, non-empty list. */
        public Refused {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a refused upload needs at least one problem");
            }
        }

        @Override
        public boolean isAccepted() {
            return false;
        }

        @Override
        public ImageHeader header() {
            throw new IllegalStateException("no header, the upload was refused: " + problems);
        }
    }
}
