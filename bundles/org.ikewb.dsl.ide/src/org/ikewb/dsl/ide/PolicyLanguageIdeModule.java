package org.ikewb.dsl.ide;

/** Guice bindings of the IDE services (content assist, hover data) shared by the editor and a language server. */
public class PolicyLanguageIdeModule extends AbstractPolicyLanguageIdeModule {
}
