package dev.openhands.platform.build.lazyprovider;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Copies a ustar stream entry by entry, keeping every header and every byte as it was except the contents of the
 * entries a caller replaces (whose size and checksum fields are updated in the same format). Entry order, modes,
 * owners and timestamps stay those of the input, so the same input always gives the same output.
 *
 * <p>Strict on purpose: it accepts only what {@code npm pack} writes for a jsii bundle (ustar headers, regular files,
 * no pax or GNU extensions). Anything else is reported as a {@link LayoutException} rather than guessed at.
 */
final class UstarCopy {

    static final int BLOCK = 512;
    private static final byte[] USTAR_MAGIC = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);

    private UstarCopy() {
    }

    /**
     * Copies {@code in} to {@code out}. Entries whose names are in {@code inspect} are read whole and passed to
     * {@code transform}, whose result is written instead (return the same array to keep them). Returns the names of
     * all entries, in order.
     */
    static List<String> copy(InputStream in, OutputStream out, Set<String> inspect,
                             BiFunction<String, byte[], byte[]> transform) throws IOException {
        List<String> names = new ArrayList<>();
        byte[] header = new byte[BLOCK];
        while (true) {
            if (!readBlock(in, header)) {
                throw new LayoutException("the bundle's tar stream ends without an end-of-archive marker");
            }
            if (isZero(header)) {
                copyEndOfArchive(in, out, header);
                return names;
            }
            String name = checkHeader(header, names.size());
            long size = parseOctal(header, 124, 12, name, "size");
            names.add(name);
            if (inspect.contains(name)) {
                if (size > Integer.MAX_VALUE - BLOCK) {
                    throw new LayoutException(name + " is too large to rewrite: " + size + " bytes");
                }
                byte[] content = in.readNBytes((int) size);
                if (content.length != size) {
                    throw new LayoutException("the bundle's tar stream is truncated in " + name);
                }
                skipFully(in, padding(size));
                byte[] replaced = transform.apply(name, content);
                if (replaced.length != size) {
                    writeOctal(header, 124, 12, replaced.length, name, "size");
                    writeChecksum(header, name);
                }
                out.write(header);
                out.write(replaced);
                out.write(new byte[(int) padding(replaced.length)]);
            } else {
                out.write(header);
                long remaining = size + padding(size);
                byte[] buffer = new byte[64 * 1024];
                while (remaining > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (n < 0) {
                        throw new LayoutException("the bundle's tar stream is truncated in " + name);
                    }
                    out.write(buffer, 0, n);
                    remaining -= n;
                }
            }
        }
    }

    private static String checkHeader(byte[] header, int index) {
        String name = entryName(header);
        String where = "tar entry " + (index + 1) + " (" + name + ")";
        if (!Arrays.equals(header, 257, 265, USTAR_MAGIC, 0, USTAR_MAGIC.length)) {
            throw new LayoutException(where + " is not a ustar header; only npm pack's plain ustar format is understood");
        }
        byte type = header[156];
        if (type != '0' && type != 0) {
            throw new LayoutException(where + " has type '" + (char) type + "'; only regular files are expected in the"
                + " bundle (no directories, links, pax or GNU headers)");
        }
        long recorded = parseOctal(header, 148, 8, name, "checksum");
        if (recorded != checksum(header)) {
            throw new LayoutException(where + " has a bad header checksum");
        }
        return name;
    }

    static String entryName(byte[] header) {
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** An octal field: leading digits, then the terminator bytes the writer used (space, NUL or both). */
    static long parseOctal(byte[] header, int offset, int length, String name, String what) {
        long value = 0;
        int digits = 0;
        for (int i = offset; i < offset + length && header[i] >= '0' && header[i] <= '7'; i++) {
            value = value * 8 + (header[i] - '0');
            digits++;
        }
        for (int i = offset + digits; i < offset + length; i++) {
            if (header[i] != ' ' && header[i] != 0) {
                throw new LayoutException(name + ": unexpected " + what + " field in its tar header (base-256 or garbage)");
            }
        }
        if (digits == 0) {
            throw new LayoutException(name + ": empty " + what + " field in its tar header");
        }
        return value;
    }

    /** Rewrites an octal field with the same number of digits and the same terminator bytes as before. */
    static void writeOctal(byte[] header, int offset, int length, long value, String name, String what) {
        int digits = 0;
        while (digits < length && header[offset + digits] >= '0' && header[offset + digits] <= '7') {
            digits++;
        }
        String octal = Long.toOctalString(value);
        if (octal.length() > digits) {
            throw new LayoutException(name + ": " + what + " " + value + " does not fit the header's " + digits + " octal digits");
        }
        String padded = "0".repeat(digits - octal.length()) + octal;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, digits);
    }

    private static void writeChecksum(byte[] header, String name) {
        // The checksum is computed over the header with its own field read as spaces; the field keeps its format.
        writeOctal(header, 148, 8, checksum(header), name, "checksum");
    }

    static long checksum(byte[] header) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        return sum;
    }

    private static void copyEndOfArchive(InputStream in, OutputStream out, byte[] first) throws IOException {
        // npm pack ends with two zero blocks; whatever zero padding follows is kept byte for byte.
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        in.transferTo(rest);
        byte[] tail = rest.toByteArray();
        if (!isZero(tail) || tail.length < BLOCK) {
            throw new LayoutException("the bundle's tar stream has data after its end-of-archive marker");
        }
        out.write(first);
        out.write(tail);
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n != BLOCK) {
            throw new LayoutException("the bundle's tar stream ends inside a header");
        }
        return true;
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new LayoutException("the bundle's tar stream is truncated");
        }
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }
}
