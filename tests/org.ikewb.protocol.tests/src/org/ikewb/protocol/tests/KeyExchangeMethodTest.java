package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ikewb.protocol.KeyExchangeMethod;
import org.junit.jupiter.api.Test;

class KeyExchangeMethodTest {

	@Test
	void namesAsUsersWriteThemResolveToIanaIds() {
		assertEquals(36, KeyExchangeMethod.byName("mlkem768").orElseThrow().value());
		assertEquals(36, KeyExchangeMethod.byName("ML-KEM-768").orElseThrow().value());
		assertEquals(31, KeyExchangeMethod.byName("curve25519").orElseThrow().value());
		assertEquals(31, KeyExchangeMethod.byName("X25519").orElseThrow().value());
		assertEquals(20, KeyExchangeMethod.byName("ecp384").orElseThrow().value());
		assertEquals(0, KeyExchangeMethod.byName("none").orElseThrow().value());
		assertTrue(KeyExchangeMethod.byName("mlkem769").isEmpty());
	}

	@Test
	void onlyMlKemIsPostQuantum() {
		for (KeyExchangeMethod m : KeyExchangeMethod.all()) {
			assertEquals(m.family() == KeyExchangeMethod.Family.ML_KEM, m.postQuantum(), m.ianaName());
		}
	}

	@Test
	void kemSizesFollowFips203() {
		assertEquals(800, KeyExchangeMethod.ML_KEM_512.initiatorValueLength());
		assertEquals(768, KeyExchangeMethod.ML_KEM_512.responderValueLength());
		assertEquals(1184, KeyExchangeMethod.ML_KEM_768.initiatorValueLength());
		assertEquals(1088, KeyExchangeMethod.ML_KEM_768.responderValueLength());
		assertEquals(1568, KeyExchangeMethod.ML_KEM_1024.initiatorValueLength());
		assertEquals(1568, KeyExchangeMethod.ML_KEM_1024.responderValueLength());
	}

	@Test
	void unknownIdsKeepTheirNumber() {
		KeyExchangeMethod unknown = KeyExchangeMethod.of(1234);
		assertFalse(unknown.known());
		assertEquals(1234, unknown.value());
		assertEquals(KeyExchangeMethod.of(1234), unknown);
		assertSame(KeyExchangeMethod.ML_KEM_1024, KeyExchangeMethod.of(37));
	}
}
