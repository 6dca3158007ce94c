package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikewb.dsl.generator.ConfigGenerator;
import org.ikewb.dsl.generator.GeneratedFile;
import org.ikewb.model.policy.Target;
import org.ikewb.model.targets.TargetProfile;
import org.ikewb.protocol.KeyExchangeMethod;
import org.junit.jupiter.api.Test;

/**
 * The vendors' own Ansible modules (Debian forky's ansible 14: fortinet.fortios 2.5.1,
 * check_point.mgmt) read what our FortiOS and Check Point generators write, through Ansible's
 * ArgumentSpecValidator and Fortinet's check_schema_versioning (tests/consumers/vendor-schema-check.py);
 * and the FortiOS target profile is compared with the values Fortinet's module accepts, so the
 * two cannot drift.
 */
class VendorSchemaConsumerTest {

	static final List<String> EXAMPLES = List.of("branch-to-hq", "three-rounds", "road-warrior", "loopback",
			"checkpoint-gateway", "ppk-site");
	static final String FORTIOS_VERSION = "7.6.1";

	private static String check(Path dir, String... args) throws Exception {
		Path script = dir.resolve("vendor-schema-check.py");
		Files.copy(Consumers.SCRIPTS.resolve("vendor-schema-check.py"), script,
				java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		List<String> command = new ArrayList<>(List.of("python3", Consumers.inside(script)));
		command.addAll(List.of(args));
		return Consumers.run(300, Consumers.inside(dir), command.toArray(String[]::new));
	}

	@Test
	void everyFortiOsAndCheckPointOutputOfEveryExamplePassesTheVendorsOwnSpec() throws Exception {
		Path dir = Consumers.workDir("vendor-schemas");
		List<String> files = new ArrayList<>();
		List<String> refusedByUs = new ArrayList<>();
		for (String example : EXAMPLES) {
			for (Target target : List.of(Target.FORTIOS, Target.CHECKPOINT)) {
				List<GeneratedFile> generated;
				try {
					generated = ConfigGenerator.of(target).generate(GeneratedConfigInteropTest.load(example),
							new ConfigGenerator.Options(example, true, GeneratedConfigInteropTest.SECRETS));
				} catch (ConfigGenerator.UnsupportedException e) {
					refusedByUs.add(example + " for " + target + ": " + e.getMessage());
					continue; // the validator says why; nothing is written that a device would misread
				}
				for (GeneratedFile f : generated) {
					if (f.name().contains("-secrets.")) {
						continue; // holds only psksecret lines, checked with the main file's objects below
					}
					Files.writeString(dir.resolve(f.name()), f.content());
					files.add(Consumers.inside(dir.resolve(f.name())));
				}
			}
		}
		assertTrue(files.stream().anyMatch(f -> f.endsWith(".fortios.conf")), files::toString);
		assertTrue(files.stream().anyMatch(f -> f.endsWith(".checkpoint.yml")), files::toString);
		assertTrue(files.stream().anyMatch(f -> f.endsWith(".fortios.yml")), "the FortiOS Ansible tasks too: " + files);
		List<String> args = new ArrayList<>(List.of("--fortios-version", FORTIOS_VERSION));
		args.addAll(files);
		String out = check(dir, args.toArray(String[]::new));
		assertFalse(out.contains("(exit "), out);
		assertFalse(out.contains("REFUSED"), out);
		Matcher summary = Pattern.compile("(\\d+) objects checked, 0 refused").matcher(out);
		assertTrue(summary.find() && Integer.parseInt(summary.group(1)) >= 3, out);
		System.out.println("vendor specs: " + out.strip().replace('\n', ';') + " | refused by our validator: " + refusedByUs);
	}

	@Test
	void theSpecCheckRefusesWhatTheOldGeneratorWrote() throws Exception {
		// a DH group in addke1, ML-KEM on a FortiOS that predates it: both must be refused by Fortinet's spec
		Path dir = Consumers.workDir("vendor-schemas-negative");
		Files.writeString(dir.resolve("old.fortios.conf"), """
				config vpn ipsec phase1-interface
				    edit "hq"
				        set ike-version 2
				        set proposal aes256gcm-prfsha384
				        set dhgrp 31
				        set addke1 20 36
				    next
				end
				""");
		String out = check(dir, "--fortios-version", FORTIOS_VERSION, Consumers.inside(dir.resolve("old.fortios.conf")));
		assertTrue(out.contains("REFUSED") && out.contains("addke1") && out.contains("20"), out);
		Files.writeString(dir.resolve("early.fortios.conf"), """
				config vpn ipsec phase1-interface
				    edit "hq"
				        set dhgrp 31
				        set addke1 36
				    next
				end
				""");
		String early = check(dir, "--fortios-version", "7.6.0", Consumers.inside(dir.resolve("early.fortios.conf")));
		assertTrue(early.contains("REFUSED") && early.contains("v7.6.1"), early);
	}

	@Test
	void theFortiOsProfileAcceptsExactlyWhatFortinetsModuleAccepts() throws Exception {
		Path dir = Consumers.workDir("vendor-schemas-profile");
		String json = check(dir, "--fortios-options", FORTIOS_VERSION);
		for (String section : List.of("phase1-interface", "phase2-interface")) {
			assertEquals(known(TargetProfile.FORTIOS.primaryKeyExchanges()), known(json, section + ".dhgrp"),
					section + " dhgrp (primary KE / PFS group)");
			for (int round = 1; round <= 7; round++) {
				assertEquals(known(TargetProfile.FORTIOS.keyExchanges()), known(json, section + ".addke" + round),
						section + " addke" + round);
			}
		}
	}

	/** The IDs of a profile set that our registry knows (brainpoolP224r1, 27, it does not). */
	private static Set<Integer> known(Set<Integer> ids) {
		Set<Integer> out = new TreeSet<>();
		for (int id : ids) {
			if (id == 0 || KeyExchangeMethod.of(id).known()) {
				out.add(id);
			}
		}
		return out;
	}

	/** The values of one attribute that our registry knows (1080-1094 are KEMs it has no number for yet). */
	private static Set<Integer> known(String json, String key) {
		Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": \\[([0-9, ]*)\\]").matcher(json);
		assertTrue(m.find(), key + " in " + json);
		Set<Integer> out = new TreeSet<>();
		for (String v : m.group(1).split(",\\s*")) {
			if (!v.isBlank()) {
				int id = Integer.parseInt(v.strip());
				if (id == 0 || KeyExchangeMethod.of(id).known()) {
					out.add(id);
				}
			}
		}
		return out;
	}
}
