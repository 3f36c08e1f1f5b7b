package dev.faultline.chaos.engine.kinds;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Lease;
import dev.faultline.chaos.engine.Params;

/**
 * {@code slow-body}: streams the response body of inbound requests at {@code rate} bytes per second; once the fault
 * ends, the rest of a body goes out at full speed.
 */
public final class SlowBodyFault implements FaultKind {

    @Override
    public String name() {
        return "slow-body";
    }

    @Override
    public Effect parse(Params params) {
        long rate = params.number("rate", 1, 100_000_000, null);
        return (Effect.Inbound) (fault, req, res) -> {
            res.streamFilter(out -> new Throttled(out, rate, fault.lease()));
            return false;
        };
    }

    /** Writes in slices, sleeping so that the bytes written never run ahead of the rate. */
    private static final class Throttled extends FilterOutputStream {

        private final long rate;
        private final Lease lease;
        private final long started = System.nanoTime();
        private long written;

        Throttled(OutputStream out, long rate, Lease lease) {
            super(out);
            this.rate = rate;
            this.lease = lease;
        }

        @Override
        public void write(int b) throws IOException {
            pace(1);
            out.write(b);
            out.flush();
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (lease.ended()) {
                out.write(bytes, offset, length);
                return;
            }
            int slice = (int) Math.max(1, Math.min(length, rate / 10));
            for (int start = offset; start < offset + length; start += slice) {
                int size = Math.min(slice, offset + length - start);
                pace(size);
                out.write(bytes, start, size);
                out.flush();
            }
        }

        private void pace(int size) throws IOException {
            written += size;
            long due = started + written * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    lease.hold(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("slow-body interrupted");
                }
            }
        }
    }
}
