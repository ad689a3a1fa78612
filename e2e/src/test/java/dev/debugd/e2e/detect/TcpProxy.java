package dev.debugd.e2e.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of a real server that a test can cut and restore: while cut, connections are refused
 * and open ones are closed, as when the server goes away.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (var probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        var listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        server = listening;
        var accepting = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    var client = listening.accept();
                    var target = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(target);
                    pump(client.getInputStream(), target.getOutputStream(), client, target);
                    pump(target.getInputStream(), client.getOutputStream(), client, target);
                } catch (IOException e) {
                    // closed by cut(), or a client that went away
                }
            }
        }, "tcp-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (var socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        var thread = new Thread(() -> {
            var buffer = new byte[16 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException e) {
                    // already closed
                }
                open.remove(a);
                open.remove(b);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
