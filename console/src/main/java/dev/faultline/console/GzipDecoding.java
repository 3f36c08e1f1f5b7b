package dev.faultline.console;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;

/**
 * Unpacks gzip request bodies ({@code Content-Encoding: gzip}, what OTLP exporters send with
 * {@code OTEL_EXPORTER_OTLP_COMPRESSION=gzip}) through Helidon's content-encoding SPI, with the JDK's inflater (Helidon's
 * own gzip module is not served here). What a body unpacks to is bounded, so a small body cannot fill the heap.
 */
final class GzipDecoding implements ContentEncoding {

    private final long maxUnpacked;

    GzipDecoding(long maxUnpacked) {
        this.maxUnpacked = maxUnpacked;
    }

    @Override
    public Set<String> ids() {
        return Set.of("gzip", "x-gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return in -> {
            try {
                return new Bounded(new GZIPInputStream(in), maxUnpacked);
            } catch (IOException e) {
                throw new UncheckedIOException("Not a gzip body", e);
            }
        };
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public String type() {
        return "gzip";
    }

    /** Fails once more than {@code limit} bytes were read. */
    private static final class Bounded extends FilterInputStream {

        private final long limit;
        private long read;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int bytes) throws IOException {
            read += bytes;
            if (read > limit) {
                throw new IOException("the gzip body unpacks to more than " + limit + " bytes");
            }
        }
    }
}
