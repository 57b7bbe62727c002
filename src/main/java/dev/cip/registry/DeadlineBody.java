package dev.cip.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads never wait forever: each read waits at most the idle
 * timeout for the next bytes, and never past the deadline set with {@link Stream#deadline(long)}. It asks the
 * connection for one buffer list at a time, so an endless body costs no memory beyond what the reader keeps.
 * (The JDK's own {@code ofInputStream()} blocks without limit once the headers are in.)
 */
final class DeadlineBody implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    /** A read ran into the idle timeout or the deadline. */
    static final class BodyTimeoutException extends InterruptedIOException {
        private static final long serialVersionUID = 1L;

        BodyTimeoutException(String message) {
            super(message);
        }
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Stream stream;
    private volatile Flow.Subscription subscription;

    DeadlineBody(long idleTimeoutNanos) {
        this.stream = new Stream(idleTimeoutNanos);
    }

    static HttpResponse.BodyHandler<InputStream> handler(long idleTimeoutNanos) {
        return info -> new DeadlineBody(idleTimeoutNanos);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    /** The body stream. */
    final class Stream extends InputStream {
        private final long idleNanos;
        private volatile long deadlineNanos;
        private volatile boolean hasDeadline;
        private Iterator<ByteBuffer> buffers;
        private ByteBuffer current;
        private boolean ended;
        private boolean closed;

        Stream(long idleNanos) {
            this.idleNanos = idleNanos;
        }

        /** No read may return after {@code System.nanoTime()} passes this. */
        void deadline(long nanoTime) {
            this.deadlineNanos = nanoTime;
            this.hasDeadline = true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        private boolean fill() throws IOException {
            while (current == null || !current.hasRemaining()) {
                if (closed) {
                    throw new IOException("body closed");
                }
                if (ended) {
                    return false;
                }
                if (buffers != null && buffers.hasNext()) {
                    current = buffers.next();
                    continue;
                }
                if (buffers != null) {
                    buffers = null;
                    Flow.Subscription s = subscription;
                    if (s != null) {
                        s.request(1);
                    }
                }
                Object next = take();
                if (next == END) {
                    ended = true;
                    return false;
                }
                if (next instanceof Throwable t) {
                    ended = true;
                    throw t instanceof IOException io ? io : new IOException(t);
                }
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) next;
                buffers = list.iterator();
            }
            return true;
        }

        private Object take() throws IOException {
            long now = System.nanoTime();
            long wait = hasDeadline ? Math.min(idleNanos, deadlineNanos - now) : idleNanos;
            if (wait <= 0) {
                close();
                throw new BodyTimeoutException("deadline passed");
            }
            try {
                Object next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    close();
                    throw new BodyTimeoutException(wait == idleNanos ? "no data for "
                            + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s" : "deadline passed");
                }
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted");
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null && !ended) {
                s.cancel();
            }
        }
    }
}
