package dev.maestro.providers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-trick HTTP server WireMock cannot imitate: it starts a 200 chunked response, sends one chunk, then
 * resets the connection, as a server that crashes mid-answer does.
 */
final class BrokenStreamServer implements AutoCloseable {

    private final ServerSocket socket;
    private final String firstChunk;
    private final String contentType;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private BrokenStreamServer(String firstChunk, String contentType) throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.firstChunk = firstChunk;
        this.contentType = contentType;
        this.acceptor = Thread.ofVirtual().start(this::serve);
    }

    static BrokenStreamServer start(String firstChunk, String contentType) throws IOException {
        return new BrokenStreamServer(firstChunk, contentType);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                readRequest(client.getInputStream());
                OutputStream out = client.getOutputStream();
                byte[] chunk = firstChunk.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(200);
                client.setSoLinger(true, 0); // close with a reset, not a clean end of stream
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    /** Reads the request line, headers and a Content-Length body, so the client sees its request accepted. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                for (String line : text.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).strip()));
                    }
                }
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
