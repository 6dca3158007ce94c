package org.ikewb.dsl;

import org.eclipse.xtext.validation.IDiagnosticConverter;
import org.ikewb.dsl.validation.ModelDiagnosticConverter;

/** Guice bindings of the policy language's runtime (also used outside Equinox). */
public class PolicyLanguageRuntimeModule extends AbstractPolicyLanguageRuntimeModule {

	/** The model's EMF rules surface with their stable issue codes, not "source.code". */
	public Class<? extends IDiagnosticConverter> bindIDiagnosticConverter() {
		return ModelDiagnosticConverter.class;
	}
}
