package dev.chimera.model.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes pickle opcodes by hand, as torch.save would, to craft checkpoints the golden files do not contain. */
public final class HandPickle {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public HandPickle proto2() {
        return bytes(0x80, 2);
    }

    public HandPickle global(String module, String name) {
        return bytes('c').text(module + "\n" + name + "\n");
    }

    public HandPickle mark() {
        return bytes('(');
    }

    public HandPickle tuple() {
        return bytes('t');
    }

    public HandPickle emptyTuple() {
        return bytes(')');
    }

    public HandPickle emptyDict() {
        return bytes('}');
    }

    public HandPickle emptyList() {
        return bytes(']');
    }

    public HandPickle appends() {
        return bytes('e');
    }

    public HandPickle setItems() {
        return bytes('u');
    }

    /** SETITEM: sets one key-value pair on the dict below them. */
    public HandPickle setItemsOf1() {
        return bytes('s');
    }

    public HandPickle reduce() {
        return bytes('R');
    }

    public HandPickle build() {
        return bytes('b');
    }

    public HandPickle persistentId() {
        return bytes('Q');
    }

    public HandPickle none() {
        return bytes('N');
    }

    public HandPickle falseValue() {
        return bytes(0x89);
    }

    public HandPickle trueValue() {
        return bytes(0x88);
    }

    public HandPickle integer(int value) {
        bytes('J');
        return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    public HandPickle string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        bytes('X');
        raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
        return raw(utf8);
    }

    public HandPickle ints(long... values) {
        mark();
        for (long v : values) {
            integer(Math.toIntExact(v));
        }
        return tuple();
    }

    /** {@code _rebuild_tensor_v2(('storage', torch.<type>, key, 'cpu', numel), offset, size, stride, False, OrderedDict())}. */
    public HandPickle tensor(String storageType, String key, int numel, int offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().string("storage").global("torch", storageType).string(key).string("cpu").integer(numel).tuple();
        persistentId();
        integer(offset).ints(size).ints(stride).falseValue();
        global("collections", "OrderedDict").emptyTuple().reduce();
        return tuple().reduce();
    }

    public HandPickle stop() {
        return bytes('.');
    }

    public HandPickle text(String ascii) {
        return raw(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    public HandPickle bytes(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    public HandPickle raw(byte[] data) {
        out.writeBytes(data);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    /** Writes a torch zip checkpoint: {@code archive/data.pkl}, {@code archive/data/<key>}, {@code archive/version}. */
    public static Path zipCheckpoint(Path file, byte[] pickle, Map<String, byte[]> storages) {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "archive/data.pkl", pickle);
            for (Map.Entry<String, byte[]> s : storages.entrySet()) {
                entry(zip, "archive/data/" + s.getKey(), s.getValue());
            }
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    public static byte[] littleEndianFloats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] littleEndianShorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }
}
