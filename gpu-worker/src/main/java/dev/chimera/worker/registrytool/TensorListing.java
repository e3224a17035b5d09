package dev.chimera.worker.registrytool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.chimera.model.weights.Checkpoints;

/**
 * What {@code weights inspect FILE} prints: one line per tensor of a checkpoint, {@code name dtype [d0, d1] sum=S},
 * with the float64 sum streamed over the stored bytes, so a file larger than the heap is listed all the same.
 */
final class TensorListing {

    private TensorListing() {
    }

    /**
     * Prints the tensors of {@code file} to {@code out} as they are summed.
     *
     * @throws IOException if the file is missing or is not a checkpoint (the message says why, on one line)
     */
    static void print(Path file, PrintStream out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        Checkpoints.summarize(file, tensor -> out.println(tensor.name() + " " + tensor.dataType() + " "
                + Arrays.toString(tensor.shape().getShape()) + " sum=" + tensor.sum()));
    }
}
