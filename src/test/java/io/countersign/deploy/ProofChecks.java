package io.countersign.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks {@link ImageProof} makes on a running container. */
final class ProofChecks {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+s)");
    private static final Pattern STOPPED = Pattern.compile("stopped in ([0-9.]+s)");

    private ProofChecks() {
    }

    /** Polls {@code /q/health/ready} on the host network until it answers 200; fails when the container exits. */
    static void awaitReady(Podman podman, String container, int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!podman.running(container)) {
                throw new AssertionError(container + " exited before it was ready:\n" + ImageProof.tail(podman.logs(container)));
            }
            Thread.sleep(200);
        }
        throw new AssertionError(container + " not ready within " + timeout + ":\n" + ImageProof.tail(podman.logs(container)));
    }

    /**
     * Sends SIGTERM, as the kubelet does, and expects the container to stop by itself within the grace period: the
     * JVM is process 1, runs Quarkus's shutdown and exits with 0 or 143 (128 + SIGTERM). A container still running
     * at the end of the grace period would be killed by Kubernetes: that is a failure here.
     */
    static void stopWithSigterm(Podman podman, String container, int graceSeconds) {
        long start = System.nanoTime();
        podman.signal(container, "TERM");
        int code;
        try {
            code = podman.await(container, graceSeconds);
        } catch (IllegalStateException e) {
            throw new AssertionError(container + " still running " + graceSeconds
                    + " s after SIGTERM (terminationGracePeriodSeconds)");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String logs = podman.logs(container);
        Matcher stopped = STOPPED.matcher(logs);
        if (code != 0 && code != 143) {
            throw new AssertionError(container + " exited with " + code + " after SIGTERM:\n" + ImageProof.tail(logs));
        }
        if (!stopped.find()) {
            throw new AssertionError(container + " did not log Quarkus's shutdown:\n" + ImageProof.tail(logs));
        }
        if (logs.contains("ERROR")) {
            throw new AssertionError(container + " logged an ERROR:\n" + ImageProof.tail(logs));
        }
        ImageProof.log("SIGTERM stopped %s in %d ms (exit %d, Quarkus: stopped in %s; grace period %d s)", container,
                millis, code, stopped.group(1), graceSeconds);
    }

    static String quarkusStartup(String logs) {
        Matcher m = STARTED.matcher(logs);
        return m.find() ? "started in " + m.group(1) : "no start-up line";
    }

    /** What podman reports of the container's confinement: read-only root, user, tmpfs, capabilities, memory. */
    static String describe(Podman podman, String container) {
        return podman.inspect(container, "read-only root {{.HostConfig.ReadonlyRootfs}}, user {{.Config.User}}, "
                + "tmpfs {{.HostConfig.Tmpfs}}, cap-drop {{.HostConfig.CapDrop}}, memory {{.HostConfig.Memory}}, "
                + "mounts {{len .Mounts}}").strip();
    }

    static int freePortOtherThan(int taken) {
        int port = freePort();
        return port != taken ? port : freePortOtherThan(taken);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
