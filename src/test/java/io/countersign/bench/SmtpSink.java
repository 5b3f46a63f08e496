package io.countersign.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMTP server for the benchmark that keeps nothing: for every accepted message it writes one line
 * {@code <epoch millis at acceptance>\t<recipient>} to a receipt log and discards the content (GreenMail keeps
 * every message in memory and slows down past some ten thousand). Speaks enough of RFC 5321 for the Quarkus
 * mailer: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Message bodies (which carry links) are never written.
 */
final class SmtpSink implements Closeable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-sink");
        t.setDaemon(true);
        return t;
    });
    private final Writer receipts;
    private final AtomicLong accepted = new AtomicLong();

    SmtpSink(int port, Path receiptLog) throws IOException {
        this.receipts = Files.newBufferedWriter(receiptLog, StandardCharsets.UTF_8);
        this.server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    long accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)))) {
            reply(out, "220 bench-sink ESMTP");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-bench-sink\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "HELO" -> reply(out, "250 bench-sink");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(address(line));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String body;
                        while ((body = in.readLine()) != null && !body.equals(".")) {
                            // discarded
                        }
                        long now = System.currentTimeMillis();
                        record(now, recipients);
                        recipients.clear();
                        reply(out, "250 OK queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException dropped) {
            // the client went away
        }
    }

    private synchronized void record(long millis, List<String> recipients) throws IOException {
        for (String r : recipients) {
            receipts.write(millis + "\t" + r + "\n");
        }
        receipts.flush();
        accepted.incrementAndGet();
    }

    private static String address(String rcptLine) {
        int lt = rcptLine.indexOf('<');
        int gt = rcptLine.indexOf('>', lt + 1);
        String a = lt >= 0 && gt > lt ? rcptLine.substring(lt + 1, gt) : rcptLine.substring(rcptLine.indexOf(':') + 1).trim();
        return a.toLowerCase(Locale.ROOT);
    }

    private static void reply(PrintWriter out, String text) {
        out.print(text + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
        synchronized (this) {
            receipts.close();
        }
    }
}
