package dev.pier.config;

/** A family of directives: registers their specs with the loader. */
public interface PierModule {
    void directives(DirectiveRegistry registry);
}
