package io.countersign.socketio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node project under {@code src/test/node}: its packages are installed from its {@code package-lock.json} with
 * {@code npm ci} the first time a test needs them, and again when the lock file changed (so a fresh clone and CI
 * need nothing but Node and npm). {@code node_modules/} stays out of git.
 */
final class NodeProject {

    private static final long INSTALL_MINUTES = 5;

    private NodeProject() {
    }

    static synchronized Path installed(Path dir) throws IOException, InterruptedException {
        Path lock = dir.resolve("package-lock.json");
        Path marker = dir.resolve("node_modules/.package-lock.json");
        if (Files.exists(marker) && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return dir;
        }
        Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci did not finish in " + INSTALL_MINUTES + " minutes in " + dir);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed in " + dir + ":\n" + Files.readString(dir.resolve("npm-ci.log")));
        }
        return dir;
    }
}
