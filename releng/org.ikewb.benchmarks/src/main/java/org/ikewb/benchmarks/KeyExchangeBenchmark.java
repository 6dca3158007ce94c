package org.ikewb.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.KeyExchange;
import org.ikewb.protocol.KeyExchangeMethod;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of each key exchange method in both roles: the initiator's key pair (start), the responder's
 * answer (key pair + shared secret, or ML-KEM encapsulation), the initiator's shared secret
 * (complete, or decapsulation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class KeyExchangeBenchmark {

	@Param({ "x25519", "x448", "ecp256", "ecp384", "ecp521", "modp2048", "modp3072", "mlkem512", "mlkem768", "mlkem1024" })
	public String method;

	private final SecureRandom random = new SecureRandom();
	private KeyExchangeMethod ke;
	private byte[] request;
	private KeyExchange initiator;
	private byte[] response;

	@Setup
	public void setUp() throws Exception {
		ke = KeyExchangeMethod.byName(method).orElseThrow();
		initiator = KeyExchange.start(ke, random);
		request = initiator.publicValue();
		response = KeyExchange.respond(ke, request, random).publicValue();
	}

	@Benchmark
	public byte[] initiatorStart() {
		return KeyExchange.start(ke, random).publicValue();
	}

	@Benchmark
	public KeyExchange.Response responderRespond() throws Exception {
		return KeyExchange.respond(ke, request, random);
	}

	@Benchmark
	public byte[] initiatorComplete() throws Exception {
		return initiator.complete(response);
	}
}
