package netlink.workshop.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * KitsOwn marks a test of the kit's own claims (a C twin, a number a page
 * quotes, the kit's own words): {@code ./workshop check}, which runs a
 * stage's tests against the learner's files (WORKSHOP_SOURCE=work), leaves it out.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@DisabledIfEnvironmentVariable(named = "WORKSHOP_SOURCE", matches = "work",
        disabledReason = "./workshop check tests the learner's files; this test checks the kit's own claims")
public @interface KitsOwn {
}
