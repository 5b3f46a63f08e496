package io.countersign.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.countersign.config.Flow;

/**
 * Declares the switchable flow of a resource API operation: while {@code countersign.flows.<flow>.enabled=false} it
 * answers 403 {@code flow_disabled} before its body is read ({@link FlowSwitchFilter}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.TYPE })
public @interface FlowSwitch {

    Flow value();
}
