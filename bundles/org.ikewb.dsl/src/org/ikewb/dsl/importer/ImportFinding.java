package org.ikewb.dsl.importer;

/**
 * What an importer says about one line of the imported source: a setting the policy language
 * cannot express (left out, never silently), a secret it did not copy, or an element it could not
 * import at all.
 *
 * @param severity {@code error} (the element was not imported), {@code warning} (imported without
 *                 this setting) or {@code info}
 * @param code     stable: {@code import-unmapped}, {@code import-secret}, {@code import-skipped}, {@code import-syntax}
 */
public record ImportFinding(String file, int line, String severity, String code, String message) {

	@Override
	public String toString() {
		return file + ":" + line + ": " + severity + " " + code + ": " + message;
	}
}
