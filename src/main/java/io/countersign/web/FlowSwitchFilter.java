package io.countersign.web;

import java.lang.reflect.Method;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.countersign.config.FlowSwitches;
import io.countersign.error.ErrorCode;
import jakarta.ws.rs.core.Response;

/** Refuses the operations of a switched-off flow ({@link FlowSwitch}) with 403 {@code flow_disabled}, problem+json. */
public class FlowSwitchFilter {

    private final FlowSwitches switches;

    public FlowSwitchFilter(FlowSwitches switches) {
        this.switches = switches;
    }

    @ServerRequestFilter
    public Response refuseSwitchedOff(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        FlowSwitch declared = declared(resource);
        if (declared == null || switches.enabled(declared.value())) {
            return null;
        }
        return ProblemMappers.problem(ErrorCode.FLOW_DISABLED.status(), ErrorCode.FLOW_DISABLED.code(),
                FlowSwitches.offMessage(declared.value()), null);
    }

    private static FlowSwitch declared(SimpleResourceInfo resource) {
        try {
            Method method = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
            FlowSwitch onMethod = method.getAnnotation(FlowSwitch.class);
            return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(FlowSwitch.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
