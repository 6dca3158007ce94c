package org.ikewb.interop.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Libreswan 5.2's pluto in its network namespace (tests/consumers/pluto.sh): reached from the host
 * at {@link #PLUTO}; our engine binds {@link #HOST}. One pluto at a time, started with the
 * ipsec.conf and ipsec.secrets of one case; {@code ipsec addconn --checkconfig} must accept the
 * config first.
 */
final class Libreswan implements AutoCloseable {

	static final String HOST = "10.77.0.1";
	static final String PLUTO = "10.77.0.2";

	private Libreswan() {
	}

	static Libreswan start(String ipsecConf, String secrets) throws IOException, InterruptedException {
		Consumers.root();
		Path conf = Files.createTempFile("ikewb-pluto", ".conf");
		Path sec = Files.createTempFile("ikewb-pluto", ".secrets");
		Files.writeString(conf, ipsecConf);
		Files.writeString(sec, secrets);
		String out = StrongSwan.run(300, "bash", Consumers.SCRIPTS.resolve("pluto.sh").toString(), "start", conf.toString(),
				sec.toString());
		Files.delete(conf);
		Files.delete(sec);
		if (!out.contains("running: pid")) {
			throw new IOException("pluto did not start:\n" + out);
		}
		return new Libreswan();
	}

	/** An ipsec command in pluto's namespace, e.g. {@code showstates} or {@code up CONN}. */
	String ipsec(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", Consumers.SCRIPTS.resolve("pluto.sh").toString(), "ipsec"));
		command.addAll(List.of(args));
		return StrongSwan.run(60, command.toArray(String[]::new));
	}

	/** What pluto logged since it started. */
	String log() throws IOException, InterruptedException {
		return new String(Files.readAllBytes(Consumers.root().resolve("var/log/ikewb-pluto/pluto.log")), StandardCharsets.UTF_8);
	}

	/** Waits until pluto's log contains the text (pluto works asynchronously to our engine). */
	boolean logContains(String text, long millis) throws IOException, InterruptedException {
		long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			if (log().contains(text)) {
				return true;
			}
			Thread.sleep(100);
		}
		return log().contains(text);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		StrongSwan.run(60, "bash", Consumers.SCRIPTS.resolve("pluto.sh").toString(), "stop");
	}
}
