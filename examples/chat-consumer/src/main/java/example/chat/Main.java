package example.chat;

/** Runs the consumer until the process is stopped (SIGTERM lets the current record finish). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChatConsumer consumer = new ChatConsumer(Settings.fromEnvironment(), "earliest");
        Thread worker = new Thread(consumer, "chat-consumer");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.close();
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        worker.start();
        worker.join();
    }
}
