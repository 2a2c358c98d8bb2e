package cn.tongjie.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import cn.tongjie.hub.common.HubException;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * Structural rules of the hub's main code. Connectors (police, legal-service) and the simulators of those agency
 * systems stay independent of each other; the core (registry, canonical, common, mapping) knows no agency; errors are
 * raised as {@link HubException} with an error code; output goes through logging, not the standard streams.
 */
@AnalyzeClasses(packages = "cn.tongjie.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String POLICE = "cn.tongjie.hub.police..";
    private static final String LEGAL = "cn.tongjie.hub.legal..";
    private static final String SIMULATOR = "cn.tongjie.hub.simulator..";
    private static final String SIMULATOR_POLICE = "cn.tongjie.hub.simulator.police..";
    private static final String SIMULATOR_LEGAL = "cn.tongjie.hub.simulator.legal..";
    private static final String[] AGENCY_PACKAGES = {POLICE, LEGAL, SIMULATOR};
    private static final String[] CORE_PACKAGES = {"cn.tongjie.hub.registry..", "cn.tongjie.hub.canonical..",
            "cn.tongjie.hub.common..", "cn.tongjie.hub.mapping.."};

    /** Generic exceptions main code must not create: errors go through HubException and an ErrorCode. */
    private static final Set<String> GENERIC_EXCEPTIONS = Set.of(RuntimeException.class.getName(),
            IllegalStateException.class.getName(), IllegalArgumentException.class.getName());

    // ------------------------------------------------------------------ agency connectors are independent

    @ArchTest
    static final ArchRule policeConnectorDoesNotDependOnLegalConnector = noClasses()
            .that().resideInAPackage(POLICE)
            .should().dependOnClassesThat().resideInAPackage(LEGAL)
            .because("each agency connector talks to the others only through the canonical stream and the registry");

    @ArchTest
    static final ArchRule legalConnectorDoesNotDependOnPoliceConnector = noClasses()
            .that().resideInAPackage(LEGAL)
            .should().dependOnClassesThat().resideInAPackage(POLICE)
            .because("each agency connector talks to the others only through the canonical stream and the registry");

    @ArchTest
    static final ArchRule policeSimulatorDoesNotDependOnLegalSimulator = noClasses()
            .that().resideInAPackage(SIMULATOR_POLICE)
            .should().dependOnClassesThat().resideInAPackage(SIMULATOR_LEGAL)
            .because("the simulated agency systems are as independent as the real ones");

    @ArchTest
    static final ArchRule legalSimulatorDoesNotDependOnPoliceSimulator = noClasses()
            .that().resideInAPackage(SIMULATOR_LEGAL)
            .should().dependOnClassesThat().resideInAPackage(SIMULATOR_POLICE)
            .because("the simulated agency systems are as independent as the real ones");

    @ArchTest
    static final ArchRule connectorsDoNotDependOnSimulators = noClasses()
            .that().resideInAnyPackage(POLICE, LEGAL)
            .should().dependOnClassesThat().resideInAPackage(SIMULATOR)
            .because("the hub must work unchanged against the real agency systems, which the simulators only imitate");

    @ArchTest
    static final ArchRule simulatorsDoNotDependOnConnectors = noClasses()
            .that().resideInAPackage(SIMULATOR)
            .should().dependOnClassesThat().resideInAnyPackage(POLICE, LEGAL)
            .because("a simulator implements the agency's contract, not the hub's view of it; sharing the hub's "
                    + "connector classes would hide contract mismatches");

    // ------------------------------------------------------------------ the core knows no agency

    @ArchTest
    static final ArchRule coreDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAnyPackage(CORE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("registry, canonical model, common code and the mapping engine serve every agency alike");

    // ------------------------------------------------------------------ errors carry an ErrorCode

    @ArchTest
    static final ArchRule noGenericExceptionsAreCreated = noClasses()
            .should().callConstructorWhere(genericExceptionCreatedOutsideHubException())
            .because("errors go through cn.tongjie.hub.common.HubException with a cn.tongjie.hub.common.ErrorCode, "
                    + "so operators can search logs and alerts by code");

    // ------------------------------------------------------------------ no standard streams

    @ArchTest
    static final ArchRule noStandardStreams = noClasses()
            .that().doNotHaveFullyQualifiedName("cn.tongjie.hub.infra.EmbeddedKafkaBroker")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("the hub logs through SLF4J (levels, MDC, no personal data on the console); only the embedded "
                    + "broker hands System.out to Kafka's storage formatter");

    /**
     * A constructor call that creates RuntimeException, IllegalStateException or IllegalArgumentException; HubException's
     * own {@code super(...)} call to RuntimeException is the one legitimate use.
     */
    private static DescribedPredicate<JavaConstructorCall> genericExceptionCreatedOutsideHubException() {
        return DescribedPredicate.describe("target is RuntimeException, IllegalStateException or IllegalArgumentException",
                (JavaConstructorCall call) -> GENERIC_EXCEPTIONS.contains(call.getTargetOwner().getName())
                        && !isHubExceptionSuperCall(call));
    }

    private static boolean isHubExceptionSuperCall(JavaCall<?> call) {
        return call.getOriginOwner().getName().equals(HubException.class.getName())
                && call.getOrigin().isConstructor()
                && call.getTargetOwner().getName().equals(RuntimeException.class.getName());
    }
}
