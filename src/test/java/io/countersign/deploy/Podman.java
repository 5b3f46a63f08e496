package io.countersign.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The podman command line {@link ImageProof} drives. The global options ({@code PODMAN_OPTS}) and the options of
 * every {@code run} ({@code PODMAN_RUN_OPTS}) come from the environment, defaulting to what works on a cgroup v1
 * host with Debian's podman: {@code --runtime runc --cgroup-manager=cgroupfs} and explicit ulimits.
 */
final class Podman {

    private final List<String> global;
    private final List<String> runOptions;

    Podman(String globalOptions, String runOptions) {
        this.global = split(globalOptions);
        this.runOptions = split(runOptions);
    }

    static Podman fromEnvironment() {
        return new Podman(System.getenv().getOrDefault("PODMAN_OPTS", "--runtime runc --cgroup-manager=cgroupfs"),
                System.getenv().getOrDefault("PODMAN_RUN_OPTS",
                        "--ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --network=host"));
    }

    /**
     * Starts a detached container the way the Deployments run the pods: read-only root filesystem, user 185, a
     * tmpfs /tmp, the memory and CPU limits, configured only by the environment (an env file, so that no secret
     * shows in a process list).
     */
    String runDetached(String name, String image, Map<String, String> environment, String memory, String cpus) {
        Path envFile = null;
        try {
            envFile = Files.createTempFile("countersign-proof-", ".env");
            StringBuilder lines = new StringBuilder();
            environment.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
            Files.writeString(envFile, lines, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--read-only",
                    "--tmpfs", "/tmp:rw,size=128m,mode=1777", "--user", "185", "--memory", memory, "--cpus", cpus,
                    "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--env-file", envFile.toString()));
            args.addAll(runOptions);
            args.add(image);
            return run(args, 120).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (envFile != null) {
                envFile.toFile().delete();
            }
        }
    }

    void signal(String name, String signal) {
        run(List.of("kill", "--signal", signal, name), 30);
    }

    /** The container's exit code, once it has stopped; fails when it is still running after the timeout. */
    int await(String name, int timeoutSeconds) {
        return Integer.parseInt(run(List.of("wait", name), timeoutSeconds).strip());
    }

    boolean running(String name) {
        return "true".equals(run(List.of("inspect", "--format", "{{.State.Running}}", name), 30).strip());
    }

    String inspect(String name, String format) {
        return run(List.of("inspect", "--format", format, name), 30);
    }

    String logs(String name) {
        return run(List.of("logs", name), 30);
    }

    long imageSize(String image) {
        return Long.parseLong(run(List.of("image", "inspect", "--format", "{{.Size}}", image), 30).strip());
    }

    void removeQuietly(String name) {
        try {
            run(List.of("rm", "-f", "-t", "0", name), 60);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    private String run(List<String> args, int timeoutSeconds) {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(global);
        command.addAll(args);
        Path output = null;
        try {
            // to a file, not a pipe: a blocked pipe would hang the process, and a hung process the reader
            output = Files.createTempFile("podman-", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("podman " + args.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("podman " + String.join(" ", args.subList(0, Math.min(3, args.size())))
                        + " failed (exit " + process.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : Arrays.asList(options.strip().split("\\s+"));
    }
}
