package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.PrfAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * The keys of an IKE SA rekeyed to another PRF (RFC 7296 §2.18): SKEYSEED from the OLD SA's PRF in
 * both readings; prf+ with the new PRF (RFC 7296, Libreswan 5.2) or the old one (strongSwan 6.1).
 * The interop suite proves each reading against its implementation; this pins the arithmetic.
 */
class RekeyKeysTest {

	private static final Octets OLD_SK_D = Octets.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	private static final Octets NI = Octets.fromHex("0101010101010101010101010101010101010101010101010101010101010101");
	private static final Octets NR = Octets.fromHex("0202020202020202020202020202020202020202020202020202020202020202");
	private static final Octets SECRET = Octets.fromHex("0303030303030303030303030303030303030303030303030303030303030303");
	private static final Prf SHA256 = Prf.of(PrfAlgorithm.HMAC_SHA2_256);
	private static final Prf SHA384 = Prf.of(PrfAlgorithm.HMAC_SHA2_384);

	private static IkeSaKeys rekey(Prf oldPrf, Prf newPrf, boolean oldPrfPlus) {
		return KeySchedule.afterRekey(oldPrf, OLD_SK_D, newPrf, oldPrfPlus, EncryptionAlgorithm.of(20), 256,
				IntegrityAlgorithm.NONE, NI, NR, 0x1122334455667788L, 0x99aabbccddeeff00L, SECRET);
	}

	@Test
	void skeyseedComesFromTheOldPrfAndTheKeysAreSizedForTheNewOne() {
		IkeSaKeys rfc = rekey(SHA256, SHA384, false);
		IkeSaKeys strongswan = rekey(SHA256, SHA384, true);
		Octets skeyseed = SHA256.compute(OLD_SK_D, SECRET, NI, NR);
		assertArrayEquals(skeyseed.toByteArray(), rfc.skeyseed().toByteArray(), "SKEYSEED = prf_old(SK_d(old), SK | Ni | Nr)");
		assertArrayEquals(skeyseed.toByteArray(), strongswan.skeyseed().toByteArray());
		assertEquals(48, rfc.skD().length(), "SK_d as long as the NEW PRF's key");
		assertEquals(48, strongswan.skPi().length());
		assertEquals(PrfAlgorithm.HMAC_SHA2_384, rfc.prf().algorithm(), "the new SA runs the new PRF from then on");
		// RFC 7296 reading: the new SA's keys are prf+_new(SKEYSEED, ...), as for any SA
		IkeSaKeys plain = KeySchedule.derive(0, SHA384, EncryptionAlgorithm.of(20), 256, IntegrityAlgorithm.NONE, skeyseed,
				NI, NR, 0x1122334455667788L, 0x99aabbccddeeff00L);
		assertArrayEquals(plain.skD().toByteArray(), rfc.skD().toByteArray());
		assertFalse(Arrays.equals(rfc.skD().toByteArray(), strongswan.skD().toByteArray()), "the readings differ");
	}

	@Test
	void withTheSamePrfBothReadingsAgree() {
		IkeSaKeys rfc = rekey(SHA384, SHA384, false);
		IkeSaKeys strongswan = rekey(SHA384, SHA384, true);
		assertArrayEquals(rfc.skD().toByteArray(), strongswan.skD().toByteArray());
		assertArrayEquals(rfc.skEi().toByteArray(), strongswan.skEi().toByteArray());
	}
}
