package dev.pier.http.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How script texts compile: nginx's errors, the '?' that starts arguments, constants. */
class ScriptValueTest {
    @Test void badVariableSyntaxIsRefusedInNginxsWords() {
        assertThatThrownBy(() -> ScriptValue.compile("/a$", true)).hasMessage("invalid variable name");
        assertThatThrownBy(() -> ScriptValue.compile("/a$ b", true)).hasMessage("invalid variable name");
        assertThatThrownBy(() -> ScriptValue.compile("/a${}", true)).hasMessage("invalid variable name");
        assertThatThrownBy(() -> ScriptValue.compile("/a${b", true)).hasMessage("the closing bracket in \"b\" variable is missing");
        assertThatThrownBy(() -> ScriptValue.compile("/a${b-c}", true)).hasMessage("the closing bracket in \"b\" variable is missing");
    }

    @Test void anUnknownVariableOutsideALoadIsRefused() {
        assertThatThrownBy(() -> ScriptValue.compile("/$no_such_thing", false)).hasMessage("unknown \"no_such_thing\" variable");
    }

    @Test void aLiteralQuestionMarkIsRemembered() {
        assertThat(ScriptValue.compile("/a?b=$1", true).hasQuestionMark()).isTrue();
        assertThat(ScriptValue.compile("/a?b=$1", false).hasQuestionMark()).isTrue();
        assertThat(ScriptValue.compile("/a/$uri", true).hasQuestionMark()).isFalse();
    }

    @Test void theSourceIsKeptAsWritten() {
        assertThat(ScriptValue.compile("/${uri}x?$1", true).source()).isEqualTo("/${uri}x?$1");
    }
}
