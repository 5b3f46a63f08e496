package io.countersign.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.countersign.captcha.CaptchaVerifier.Guard;

/**
 * Declares that a resource API operation is one of the captcha-guarded flows: while {@code countersign.captcha} has a
 * provider and this guard on, the request needs the widget's token in the {@value #HEADER} header, checked before its
 * body is read ({@link CaptchaFilter}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CaptchaGuard {

    /** The header that carries the captcha widget's token. */
    String HEADER = "X-Captcha-Response";

    Guard value();
}
