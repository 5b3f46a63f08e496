package io.countersign.notifier.replay;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a replay did.
 *
 * @param replayed    the messages produced back to the notification topic, each once
 * @param skipped     selected messages on the dead-letter topic that are no longer dead-lettered (replayed before,
 *                    delivered since) or have no lifecycle record (undecodable events): left alone
 */
@Schema(name = "ReplayResult", requiredProperties = { "replayed", "skipped" })
public record ReplayResult(List<UUID> replayed, int skipped) {
}
