package io.countersign.notifier.lifecycle;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A message with its history, oldest first. */
@Schema(name = "MessageDetails", requiredProperties = { "message", "history" })
public record MessageDetails(MessageView message, List<MessageHistoryView> history) {
}
