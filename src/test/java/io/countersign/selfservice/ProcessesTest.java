package io.countersign.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** Building processes from configuration: the order kept, and what start-up refuses, with the reason. */
class ProcessesTest {

    @Test
    void knowledgeBasedQuestionsAreRefusedAtStartUpWithTheReason() {
        assertThatThrownBy(() -> Processes.build(config(Map.of("reset", List.of("userQuery", "kbaSecurityAnswerVerificationStage"))),
                stages("userQuery")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("countersign.selfservice.processes.reset.stages names kbaSecurityAnswerVerificationStage")
                .hasMessageContaining("NIST SP 800-63B");
    }

    @Test
    void anUnknownStageIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> Processes.build(config(Map.of("custom", List.of("userQuery", "magic"))), stages("userQuery")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown stage 'magic'; known: userQuery");
    }

    @Test
    void aProcessMayNotStartWithAStageThatAsksForNothing() {
        assertThatThrownBy(() -> Processes.build(config(Map.of("custom", List.of("silent", "userQuery"))), stages("userQuery", "silent")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the first stage (silent) asks for nothing");
    }

    @Test
    void anOperatorDefinedProcessKeepsItsConfiguredOrder() {
        Map<String, ProcessDefinition> built = Processes.build(config(Map.of("custom", List.of("b", "a", "silent"))),
                stages("a", "b", "silent"));
        assertThat(built.get("custom").stages().stream().map(Stage::type).toList()).containsExactly("b", "a", "silent");
    }

    @Test
    void termsAndConditionsMustComeWhereThereIsAnAccountToRecordTheAcceptanceOn() {
        Map<String, Stage> stages = stages("userQuery", "termsAndConditions", "userDetails", "emailValidation", "consent");
        assertThatThrownBy(() -> Processes.build(config(Map.of("custom", List.of("userQuery", "termsAndConditions"))), stages))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("custom.stages: termsAndConditions must come "
                        + "before userDetails");
        assertThatThrownBy(() -> Processes.build(config(Map.of("custom", List.of("userDetails", "termsAndConditions",
                "emailValidation"))), stages)).isInstanceOf(IllegalStateException.class);
        // the shipped places: before userDetails, or after the address is proved
        assertThat(Processes.build(config(Map.of("a", List.of("termsAndConditions", "consent", "userDetails", "emailValidation"),
                "b", List.of("userDetails", "emailValidation", "consent", "termsAndConditions"),
                "c", List.of("userQuery", "emailValidation", "termsAndConditions"))), stages)).hasSize(3);
    }

    private static Map<String, Stage> stages(String... types) {
        Map<String, Stage> stages = new java.util.TreeMap<>();
        for (String type : types) {
            stages.put(type, new Stage() {
                @Override
                public String type() {
                    return type;
                }

                @Override
                public Map<String, Object> requirements(Snapshot snapshot, ProcessDefinition process) {
                    return type.equals("silent") ? null : Map.of();
                }

                @Override
                public Uni<Snapshot> submit(Snapshot snapshot, Map<String, Object> input, ProcessDefinition process) {
                    return Uni.createFrom().item(snapshot);
                }
            });
        }
        return stages;
    }

    private static SelfServiceConfig config(Map<String, List<String>> processes) {
        return new SelfServiceConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Map<String, Process> processes() {
                Map<String, Process> map = new java.util.LinkedHashMap<>();
                processes.forEach((name, stages) -> map.put(name, new Process() {
                    @Override
                    public List<String> stages() {
                        return stages;
                    }

                    @Override
                    public List<String> queryFields() {
                        return List.of("email");
                    }
                }));
                return map;
            }

            @Override
            public Token token() {
                return new Token() {
                    @Override
                    public String mode() {
                        return "stored";
                    }

                    @Override
                    public Duration lifetime() {
                        return Duration.ofMinutes(15);
                    }

                    @Override
                    public Optional<String> signingKey() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> encryptionKey() {
                        return Optional.empty();
                    }
                };
            }
        };
    }
}
