package dev.openhands.platform.modules.egress;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A DNS server on a random loopback address, port 53 (squid's {@code dns_nameservers} takes no port), that records
 * every question and answers every A question with {@link #ANSWER}, a private address, so that a name squid resolves
 * through it must then be refused by the destination check. AAAA and other questions get an empty answer.
 */
final class LoopbackDnsServer implements AutoCloseable {

    static final byte[] ANSWER = {10, 9, 8, 7};

    private final DatagramSocket socket;
    private final List<String> questions = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private LoopbackDnsServer(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    static LoopbackDnsServer start() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // A random 127.x.y.z: several runs on one machine never share an address, and none is a system resolver's.
        InetAddress address = InetAddress.getByAddress(new byte[] {127, (byte) (64 + random.nextInt(128)),
            (byte) random.nextInt(256), (byte) (2 + random.nextInt(250))});
        try {
            return new LoopbackDnsServer(new DatagramSocket(new InetSocketAddress(address, 53)));
        } catch (BindException e) {
            throw new AssertionError("cannot bind " + address.getHostAddress() + ":53 for the test's DNS server (" + e.getMessage()
                + "): squid's dns_nameservers takes no port, so this test needs root or CAP_NET_BIND_SERVICE", e);
        }
    }

    String address() {
        return socket.getLocalAddress().getHostAddress();
    }

    /** Every question so far, as {@code name/type} ({@code A}, {@code AAAA} or the number). */
    List<String> questions() {
        return new ArrayList<>(questions);
    }

    /** The names asked about, in any type. */
    List<String> names() {
        return questions().stream().map(q -> q.substring(0, q.lastIndexOf('/'))).distinct().toList();
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] reply = answer(packet.getData(), packet.getLength());
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                questions.add("malformed:" + e + "/0");
            }
        }
    }

    private byte[] answer(byte[] query, int length) {
        if (length < 17) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        int i = 12;
        while (query[i] != 0) {
            int label = query[i] & 0xff;
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(query, i + 1, label, StandardCharsets.US_ASCII));
            i += 1 + label;
        }
        int type = ((query[i + 1] & 0xff) << 8) | (query[i + 2] & 0xff);
        int questionEnd = i + 5;
        questions.add(name.toString().toLowerCase() + "/" + (type == 1 ? "A" : type == 28 ? "AAAA" : Integer.toString(type)));
        boolean a = type == 1;
        ByteBuffer reply = ByteBuffer.allocate(questionEnd + (a ? 16 : 0));
        reply.put(query, 0, 2);                       // id
        reply.putShort((short) 0x8180);               // response, recursion desired and available, no error
        reply.putShort((short) 1).putShort((short) (a ? 1 : 0)).putShort((short) 0).putShort((short) 0);
        reply.put(query, 12, questionEnd - 12);       // the question
        if (a) {
            reply.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4).put(ANSWER);
        }
        return reply.array();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
