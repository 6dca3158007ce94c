package org.ikewb.benchmarks;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.ikewb.dsl.PolicyLanguageStandaloneSetup;

import com.google.inject.Injector;

/**
 * The language at scale, run on demand (never in the tests):
 * <ol>
 * <li>a policy of 2,000 peers parsed, linked and validated (all rules): wall time per run, and
 * the heap the loaded model retains after a full GC;</li>
 * <li>a 1,000-line policy re-validated after one keystroke, as the editor's reconciler does it:
 * partial re-parse of the edited region ({@code XtextResource.update}) plus full validation.</li>
 * </ol>
 * Usage: {@code java -Xmx512m -cp benchmarks.jar org.ikewb.benchmarks.LanguageScale [peers] [runs]}
 */
public final class LanguageScale {

	public static void main(String[] args) throws Exception {
		int peers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
		int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
		long t0 = System.nanoTime();
		Injector injector = new PolicyLanguageStandaloneSetup().createInjectorAndDoEMFRegistration();
		System.out.printf("injector (language setup, once per JVM): %d ms%n", (System.nanoTime() - t0) / 1_000_000);

		String big = policy(peers);
		System.out.printf("policy of %d peers: %d lines, %d KiB%n", peers, big.split("\n").length, big.length() / 1024);
		List<Long> times = new ArrayList<>();
		XtextResource kept = null;
		int issues = 0;
		for (int i = 0; i < runs; i++) {
			long start = System.nanoTime();
			XtextResource r = load(injector, big, "bench:/big" + i + ".ikewb");
			List<Issue> found = validate(injector, r);
			if (i == 0) {
				found.stream().limit(3).forEach(x -> System.out.println("  finding: " + x));
			}
			times.add((System.nanoTime() - start) / 1_000_000);
			issues = found.size();
			kept = r;
		}
		System.out.printf("parse + link + validate: first %d ms, median %d ms, min %d ms, max %d ms over %d runs; %d findings%n",
				times.get(0), median(times.subList(1, times.size())), Collections.min(times), Collections.max(times), runs, issues);
		// the rules did run: one bad address in the last peer is found
		String broken = big.replace("id fqdn \"site" + (peers - 1) + ".", "id address \"site" + (peers - 1) + ".");
		List<Issue> one = validate(injector, load(injector, broken, "bench:/broken.ikewb"));
		System.out.printf("the same file with one malformed identity in its last peer: %d finding(s): %s%n", one.size(),
				one.isEmpty() ? "-" : one.get(0).getCode());
		long withModel = usedAfterGc();
		kept.unload();
		kept.getResourceSet().getResources().clear();
		kept = null;
		long without = usedAfterGc();
		System.out.printf("heap retained by the loaded, validated model: %.1f MiB (heap in use with it %.1f MiB, max heap %d MiB)%n",
				(withModel - without) / 1048576.0, withModel / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
		System.out.printf("peak heap of this JVM so far: %.1f MiB%n", peakHeap() / 1048576.0);

		// keystroke in a 1,000-line file: 65 peers of 15 lines
		String file = policy(65);
		int lines = file.split("\n").length;
		XtextResource r = load(injector, file, "bench:/editor.ikewb");
		validate(injector, r);
		List<Long> keystrokes = new ArrayList<>();
		String text = file;
		for (int i = 0; i < 40; i++) {
			// type one character into a peer's name and take it back, alternately
			int at = text.indexOf("peer p30") + "peer p30".length();
			boolean add = i % 2 == 0;
			long start = System.nanoTime();
			r.update(at, add ? 0 : 1, add ? "x" : "");
			validate(injector, r);
			keystrokes.add((System.nanoTime() - start) / 1000);
			text = add ? text.substring(0, at) + "x" + text.substring(at) : text.substring(0, at) + text.substring(at + 1);
		}
		List<Long> warm = keystrokes.subList(10, keystrokes.size());
		System.out.printf("keystroke in a %d-line file (partial re-parse + validation): median %.1f ms, max %.1f ms over %d keystrokes%n",
				lines, median(warm) / 1000.0, Collections.max(warm) / 1000.0, warm.size());
	}

	static XtextResource load(Injector injector, String text, String uri) throws Exception {
		XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
		XtextResource r = (XtextResource) set.createResource(URI.createURI(uri));
		r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
		return r;
	}

	static List<Issue> validate(Injector injector, XtextResource r) {
		return injector.getInstance(IResourceValidator.class).validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
	}

	/** A realistic policy: three shared proposals, then peers with identities, PSK source and one Child SA each. */
	static String policy(int peers) {
		StringBuilder b = new StringBuilder("""
				policy fleet {
				    require post-quantum
				    targets strongswan, libreswan, fortios

				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519, ecp384
				        addke 1    mlkem768, mlkem1024
				        addke 2    mlkem1024, none
				    }

				    ike proposal hybrid_cbc {
				        encryption aes256
				        prf        prfsha256
				        integrity  sha256
				        ke         ecp256
				        addke 1    mlkem768
				    }

				    esp proposal child {
				        encryption aes256gcm16
				        ke         x25519
				    }
				""");
		for (int i = 0; i < peers; i++) {
			int a = i / 250;
			int c = i % 250 + 1;
			b.append("\n    peer p").append(i).append(" {\n");
			b.append("        local  address 198.51.100.1 id fqdn \"hub.example.net\"\n");
			b.append("        remote address 10.").append(a).append('.').append(c).append(".1 id fqdn \"site").append(i)
					.append(".example.net\"\n");
			b.append("        auth psk from env \"PATH\"\n");
			b.append("        ike proposals hybrid, hybrid_cbc\n");
			b.append("        rekey after 4h\n\n");
			b.append("        child lan {\n");
			b.append("            local  ts 172.16.0.0/12\n");
			b.append("            remote ts 10.").append(100 + a).append('.').append(c).append(".0/24\n");
			b.append("            esp proposals child\n");
			b.append("            rekey after 1h\n");
			b.append("        }\n    }\n");
		}
		return b.append("}\n").toString();
	}

	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static long peakHeap() {
		long peak = 0;
		for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak;
	}
}
