package dev.openhands.platform.modules.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the internet behind the proxy under test: squid forwards every request it lets through to this
 * loopback listener (a {@code cache_peer}), so nothing ever leaves the machine. A CONNECT is answered 200 and then
 * echoed byte for byte; any other request gets 200 with the request head it received as the body.
 */
final class LoopbackUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();
    private final Thread thread;

    LoopbackUpstream() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.thread = new Thread(this::serve, "loopback-upstream");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request heads that reached this upstream, in order. */
    List<String> requestHeads() {
        return new ArrayList<>(requestHeads);
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "loopback-upstream-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                requestHeads.add("accept failed: " + e);
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            client.setSoTimeout(15_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            requestHeads.add(head);
            if (head.startsWith("CONNECT ")) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.transferTo(out);
            } else {
                byte[] body = head.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // The client went away; nothing to record.
        }
    }

    /** The request line and headers, up to the blank line; null if the peer closed first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
