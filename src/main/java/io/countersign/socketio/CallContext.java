package io.countersign.socketio;

import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import io.quarkus.arc.ManagedContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one socket call as Quarkus runs an HTTP request: on a new duplicated Vert.x context marked safe (Hibernate
 * Reactive keeps its session there), in a request context of its own that ends with the call, with the request that
 * opened the connection as the current request (so the client IP and User-Agent of rate limits and the audit log
 * are the connection's, proxy settings included).
 */
@ApplicationScoped
public class CallContext {

    private final Vertx vertx;
    private final CurrentVertxRequest currentRequest;

    public CallContext(Vertx vertx, CurrentVertxRequest currentRequest) {
        this.vertx = vertx;
        this.currentRequest = currentRequest;
    }

    <T> Uni<T> run(RoutingContext origin, Supplier<Uni<T>> call) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            ManagedContext requests = Arc.container().requestContext();
            requests.activate();
            InjectableContext.ContextState state = requests.getState();
            Uni<T> answer;
            try {
                currentRequest.setCurrent(origin);
                answer = call.get();
            } catch (RuntimeException e) {
                answer = Uni.createFrom().failure(e);
            }
            answer.subscribe().with(item -> {
                requests.destroy(state);
                emitter.complete(item);
            }, failure -> {
                requests.destroy(state);
                emitter.fail(failure);
            });
        }));
    }
}
