package io.countersign.selfservice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.countersign.captcha.CaptchaVerifier;
import io.countersign.captcha.CaptchaVerifier.Guard;
import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.user.Identity;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The configured processes ({@code countersign.selfservice.processes.<name>.stages}), built and checked at start-up:
 * an unknown stage type, a process that starts with a stage asking for nothing, or a knowledge-based question stage
 * stops the application with the reason.
 */
@ApplicationScoped
@Startup
public class Processes {

    /** PingIDM's knowledge-based authentication stages, refused: see {@link #KBA_REFUSAL}. */
    static final Set<String> KBA = Set.of("kbaSecurityAnswerVerificationStage", "kbaSecurityAnswerDefinitionStage",
            "kbaVerification", "kbaDefinition");

    static final String KBA_REFUSAL = "Knowledge-based security questions are not supported: NIST SP 800-63B (5.1.1.2) "
            + "forbids them (\"verifiers SHALL NOT prompt subscribers to use specific types of information, e.g. 'What was "
            + "the name of your first pet?'\"), because their answers are guessable, researchable and shared. Prove the "
            + "address instead (emailValidation or smsValidation); see docs/selfservice.md";

    private static final Set<String> QUERY_FIELDS = Set.of(Identity.EMAIL, Identity.PHONE, Identity.USERNAME);

    private static final Logger LOG = Logger.getLogger(Processes.class);

    private final Map<String, ProcessDefinition> processes;

    public Processes(SelfServiceConfig config, Instance<Stage> stages, CaptchaVerifier captcha) {
        Map<String, Stage> byType = stages.stream().collect(Collectors.toMap(Stage::type, Function.identity()));
        this.processes = build(config, byType);
        warnUnguarded(processes, captcha);
    }

    /**
     * A captcha that guards sign-up, forgot or resend elsewhere does not guard a process without the captcha stage:
     * said at start-up, so that the process is not the way around it.
     */
    private static void warnUnguarded(Map<String, ProcessDefinition> processes, CaptchaVerifier captcha) {
        boolean guarded = captcha.guards(Guard.SIGN_UP) || captcha.guards(Guard.FORGOT) || captcha.guards(Guard.RESEND);
        processes.values().stream().filter(p -> guarded && !p.has("captcha"))
                .forEach(p -> LOG.warnf("countersign.captcha guards sign-up, forgot or resend, but the self-service process "
                        + "%s has no captcha stage: put captcha first in countersign.selfservice.processes.%s.stages "
                        + "(docs/captcha.md)", p.name(), p.name()));
    }

    static Map<String, ProcessDefinition> build(SelfServiceConfig config, Map<String, Stage> byType) {
        Map<String, ProcessDefinition> built = new LinkedHashMap<>();
        config.processes().forEach((name, process) -> {
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
                throw new IllegalStateException("countersign.selfservice.processes." + name + ": a process name is a letter "
                        + "followed by letters, digits, _ or -");
            }
            List<Stage> stages = new ArrayList<>();
            for (String type : process.stages()) {
                if (KBA.contains(type)) {
                    throw new IllegalStateException("countersign.selfservice.processes." + name + ".stages names " + type
                            + ": " + KBA_REFUSAL);
                }
                Stage stage = byType.get(type);
                if (stage == null) {
                    throw new IllegalStateException("countersign.selfservice.processes." + name + ".stages: unknown stage '"
                            + type + "'; known: " + String.join(", ", byType.keySet().stream().sorted().toList()));
                }
                stage.configured(name);
                stages.add(stage);
            }
            if (stages.isEmpty()) {
                throw new IllegalStateException("countersign.selfservice.processes." + name + ".stages is empty");
            }
            if (!QUERY_FIELDS.containsAll(process.queryFields()) || process.queryFields().isEmpty()) {
                throw new IllegalStateException("countersign.selfservice.processes." + name
                        + ".query-fields: one or more of email, phone, username");
            }
            ProcessDefinition definition = new ProcessDefinition(name, List.copyOf(stages), List.copyOf(process.queryFields()));
            if (stages.get(0).requirements(Snapshot.start(name), definition) == null) {
                throw new IllegalStateException("countersign.selfservice.processes." + name + ": the first stage ("
                        + stages.get(0).type() + ") asks for nothing; a process starts with a stage that takes input");
            }
            for (int i = 0; i < stages.size(); i++) {
                String misplaced = TermsStage.TYPE.equals(stages.get(i).type()) ? TermsStage.misplaced(definition, i) : null;
                if (misplaced != null) {
                    throw new IllegalStateException("countersign.selfservice.processes." + name + ".stages: " + misplaced);
                }
            }
            built.put(name, definition);
        });
        return Map.copyOf(built);
    }

    /** The process of this name; {@code not_found} when none is configured. */
    public ProcessDefinition get(String name) {
        ProcessDefinition process = processes.get(name);
        if (process == null) {
            throw new FlowException(ErrorCode.NOT_FOUND, "There is no such self-service process.");
        }
        return process;
    }

    public Set<String> names() {
        return processes.keySet();
    }
}
