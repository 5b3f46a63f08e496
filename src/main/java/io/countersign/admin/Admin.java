package io.countersign.admin;

import java.util.Set;

import io.countersign.audit.Actor;

/** An authenticated administrator: who (an account of the admin group or an API key) and what it may do. */
public record Admin(Actor actor, Set<AdminScope> scopes) {
}
