package dev.pier.variables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test void literalTextIsConstant() {
        Template t = Template.compile("plain text");
        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(null)).isEqualTo("plain text");
    }

    @Test void unknownVariableIsRejectedWithNginxWording() {
        assertThatThrownBy(() -> Template.compile("a $no_such_thing b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown \"no_such_thing\" variable");
    }

    @Test void bracedNameNeedsItsClosingBracket() {
        assertThatThrownBy(() -> Template.compile("${uri"))
                .hasMessage("the closing bracket in \"uri\" variable is missing");
    }

    @Test void knownVariablesAndPrefixFamiliesCompile() {
        assertThat(Template.compile("$scheme://$host${uri}x$is_args$args").isConstant()).isFalse();
        assertThat(Template.compile("$http_x_forwarded_for $arg_page $cookie_id $1").isConstant()).isFalse();
    }

    @Test void loneDollarStaysLiteral() {
        assertThat(Template.compile("cost: 5$").render(null)).isEqualTo("cost: 5$");
    }

    @Test void argumentLookupMatchesWholeNamesOnly() {
        assertThat(Variables.argument("a=1&ab=2&b=3", "b")).isEqualTo("3");
        assertThat(Variables.argument("a=1&ab=2", "AB")).isEqualTo("2");
        assertThat(Variables.argument("x", "x")).isNull();
        assertThat(Variables.argument(null, "x")).isNull();
    }

    @Test void cookieLookup() {
        assertThat(Variables.cookie(java.util.List.of("a=1; session=xyz; b=2"), "session")).isEqualTo("xyz");
        assertThat(Variables.cookie(java.util.List.of("a=1"), "session")).isNull();
    }

    @Test void insideALoadANameIsResolvedWhenTheLoadEnds() {
        Variables.startLoad();
        try {
            Template t = Template.compile("[$later]");
            UserVariable later = Variables.define("later");
            assertThat(t.isConstant()).isFalse();
            Variables.finishLoad();
            assertThat(later.isDefined()).isTrue();
        } finally {
            Variables.abandonLoad();
        }
    }

    @Test void aNameNeverDefinedIsRefusedWhenTheLoadEnds() {
        Variables.startLoad();
        try {
            Template.compile("$http_user_agent $nowhere");
            assertThatThrownBy(Variables::finishLoad).hasMessageStartingWith("unknown \"nowhere\" variable");
        } finally {
            Variables.abandonLoad();
        }
    }
}
