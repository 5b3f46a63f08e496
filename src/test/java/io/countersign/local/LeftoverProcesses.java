package io.countersign.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cleans up after a local run that was killed without a chance to stop its children (kill -9, a closed
 * terminal): the application process and the PostgreSQL server it left behind. Only processes whose
 * command line shows they belong to this run are stopped.
 */
final class LeftoverProcesses {

    private final LocalSettings settings;

    LeftoverProcesses(LocalSettings settings) {
        this.settings = settings;
    }

    static void remember(LocalSettings settings, long applicationPid) throws IOException {
        Files.writeString(pidFile(settings), Long.toString(applicationPid));
    }

    static void forget(LocalSettings settings) {
        try {
            Files.deleteIfExists(pidFile(settings));
        } catch (IOException ignored) {
            // a stale pid file is checked against the process command line next time
        }
    }

    void stop() throws IOException, InterruptedException {
        Path appPid = pidFile(settings);
        if (Files.exists(appPid)) {
            stopIfMatches(Files.readString(appPid).strip(), "quarkus-run.jar");
            Files.deleteIfExists(appPid);
        }
        Path postmasterPid = settings.postgresData().resolve("postmaster.pid");
        if (Files.exists(postmasterPid)) {
            List<String> lines = Files.readAllLines(postmasterPid);
            if (!lines.isEmpty()) {
                stopIfMatches(lines.get(0).strip(), "postgres");
            }
        }
    }

    private static void stopIfMatches(String pidText, String commandPart) throws InterruptedException {
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(pidText));
        } catch (NumberFormatException e) {
            return;
        }
        if (process.isEmpty() || !process.get().isAlive()) {
            return;
        }
        ProcessHandle handle = process.get();
        String commandLine = handle.info().commandLine().orElse("");
        if (!commandLine.contains(commandPart)) {
            return;
        }
        System.out.println("[local] stopping process " + handle.pid() + " left over by an earlier run");
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    private static Path pidFile(LocalSettings settings) {
        return settings.state().resolve("application.pid");
    }
}
