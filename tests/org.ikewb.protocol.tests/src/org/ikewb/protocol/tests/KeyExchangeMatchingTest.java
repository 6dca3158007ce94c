package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.ikewb.protocol.KeyExchangeMatching;
import org.junit.jupiter.api.Test;

/** RFC 9370 duplicate-free choice by matching; IDs: 15 modp3072, 31 x25519, 36 ML-KEM-768, 37 ML-KEM-1024. */
class KeyExchangeMatchingTest {

	@Test
	void findsTheChoiceAGreedyPassMisses() {
		var outcome = KeyExchangeMatching.match(List.of(List.of(31), List.of(36, 37), List.of(36)));
		assertArrayEquals(new int[] { 31, 37, 36 }, outcome.choice());
	}

	@Test
	void noneServesAnyNumberOfRoundsButOnlyWhereNeeded() {
		var outcome = KeyExchangeMatching.match(List.of(List.of(31), List.of(36, 0), List.of(36), List.of(0)));
		assertArrayEquals(new int[] { 31, 0, 36, 0 }, outcome.choice());
	}

	@Test
	void reportsTheRoundsThatBreakHallsCondition() {
		var outcome = KeyExchangeMatching.match(List.of(List.of(31), List.of(15), List.of(37, 15), List.of(15)));
		assertFalse(outcome.found());
		// round 2 can take ML-KEM-1024, so only rounds 1 and 3 compete for modp3072
		assertEquals(List.of(1, 3), outcome.conflict());
	}
}
