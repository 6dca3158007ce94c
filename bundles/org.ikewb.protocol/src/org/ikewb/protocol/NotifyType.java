package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Notify Message Types (RFC 7296 §3.10.1 and later RFCs): errors below 16384, status above. */
public record NotifyType(int value, String ianaName) implements IanaValue {

	private static final Registry<NotifyType> REGISTRY = new Registry<>(
			v -> new NotifyType(v, Registry.unknownName(v)));

	public static final NotifyType UNSUPPORTED_CRITICAL_PAYLOAD = define(1, "UNSUPPORTED_CRITICAL_PAYLOAD");
	public static final NotifyType INVALID_IKE_SPI = define(4, "INVALID_IKE_SPI");
	public static final NotifyType INVALID_MAJOR_VERSION = define(5, "INVALID_MAJOR_VERSION");
	public static final NotifyType INVALID_SYNTAX = define(7, "INVALID_SYNTAX");
	public static final NotifyType INVALID_MESSAGE_ID = define(9, "INVALID_MESSAGE_ID");
	public static final NotifyType INVALID_SPI = define(11, "INVALID_SPI");
	public static final NotifyType NO_PROPOSAL_CHOSEN = define(14, "NO_PROPOSAL_CHOSEN");
	public static final NotifyType INVALID_KE_PAYLOAD = define(17, "INVALID_KE_PAYLOAD");
	public static final NotifyType AUTHENTICATION_FAILED = define(24, "AUTHENTICATION_FAILED");
	public static final NotifyType SINGLE_PAIR_REQUIRED = define(34, "SINGLE_PAIR_REQUIRED");
	public static final NotifyType NO_ADDITIONAL_SAS = define(35, "NO_ADDITIONAL_SAS");
	public static final NotifyType INTERNAL_ADDRESS_FAILURE = define(36, "INTERNAL_ADDRESS_FAILURE");
	public static final NotifyType FAILED_CP_REQUIRED = define(37, "FAILED_CP_REQUIRED");
	public static final NotifyType TS_UNACCEPTABLE = define(38, "TS_UNACCEPTABLE");
	public static final NotifyType INVALID_SELECTORS = define(39, "INVALID_SELECTORS");
	public static final NotifyType TEMPORARY_FAILURE = define(43, "TEMPORARY_FAILURE");
	public static final NotifyType CHILD_SA_NOT_FOUND = define(44, "CHILD_SA_NOT_FOUND");
	public static final NotifyType STATE_NOT_FOUND = define(47, "STATE_NOT_FOUND");

	public static final NotifyType INITIAL_CONTACT = define(16384, "INITIAL_CONTACT");
	public static final NotifyType SET_WINDOW_SIZE = define(16385, "SET_WINDOW_SIZE");
	public static final NotifyType ADDITIONAL_TS_POSSIBLE = define(16386, "ADDITIONAL_TS_POSSIBLE");
	public static final NotifyType IPCOMP_SUPPORTED = define(16387, "IPCOMP_SUPPORTED");
	public static final NotifyType NAT_DETECTION_SOURCE_IP = define(16388, "NAT_DETECTION_SOURCE_IP");
	public static final NotifyType NAT_DETECTION_DESTINATION_IP = define(16389, "NAT_DETECTION_DESTINATION_IP");
	public static final NotifyType COOKIE = define(16390, "COOKIE");
	public static final NotifyType USE_TRANSPORT_MODE = define(16391, "USE_TRANSPORT_MODE");
	public static final NotifyType HTTP_CERT_LOOKUP_SUPPORTED = define(16392, "HTTP_CERT_LOOKUP_SUPPORTED");
	public static final NotifyType REKEY_SA = define(16393, "REKEY_SA");
	public static final NotifyType ESP_TFC_PADDING_NOT_SUPPORTED = define(16394, "ESP_TFC_PADDING_NOT_SUPPORTED");
	public static final NotifyType NON_FIRST_FRAGMENTS_ALSO = define(16395, "NON_FIRST_FRAGMENTS_ALSO");
	public static final NotifyType MOBIKE_SUPPORTED = define(16396, "MOBIKE_SUPPORTED");
	public static final NotifyType MULTIPLE_AUTH_SUPPORTED = define(16404, "MULTIPLE_AUTH_SUPPORTED");
	public static final NotifyType REDIRECT_SUPPORTED = define(16406, "REDIRECT_SUPPORTED");
	public static final NotifyType EAP_ONLY_AUTHENTICATION = define(16417, "EAP_ONLY_AUTHENTICATION");
	public static final NotifyType CHILDLESS_IKEV2_SUPPORTED = define(16418, "CHILDLESS_IKEV2_SUPPORTED");
	public static final NotifyType IKEV2_FRAGMENTATION_SUPPORTED = define(16430, "IKEV2_FRAGMENTATION_SUPPORTED");
	public static final NotifyType SIGNATURE_HASH_ALGORITHMS = define(16431, "SIGNATURE_HASH_ALGORITHMS");
	public static final NotifyType IKEV2_MESSAGE_ID_SYNC_SUPPORTED = define(16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED");
	/** RFC 8784: in IKE_SA_INIT, "I can mix a post-quantum preshared key into this SA". */
	public static final NotifyType USE_PPK = define(16435, "USE_PPK");
	/** RFC 8784: in IKE_AUTH, which PPK the initiator used (PPK_ID type and PPK_ID); empty in the response. */
	public static final NotifyType PPK_IDENTITY = define(16436, "PPK_IDENTITY");
	/** RFC 8784: the initiator's AUTH data computed without the PPK, for a responder that has none. */
	public static final NotifyType NO_PPK_AUTH = define(16437, "NO_PPK_AUTH");
	public static final NotifyType INTERMEDIATE_EXCHANGE_SUPPORTED = define(16438, "INTERMEDIATE_EXCHANGE_SUPPORTED");
	public static final NotifyType ADDITIONAL_KEY_EXCHANGE = define(16441, "ADDITIONAL_KEY_EXCHANGE");

	private static NotifyType define(int value, String name) {
		return REGISTRY.define(new NotifyType(value, name));
	}

	public static NotifyType of(int value) {
		return REGISTRY.of(value);
	}

	public static java.util.Optional<NotifyType> byName(String name) {
		return REGISTRY.byName(name);
	}

	public static Collection<NotifyType> all() {
		return REGISTRY.all();
	}

	/** Error types (1..16383) make a request fail; status types inform. */
	public boolean isError() {
		return value < 16384;
	}

	@Override
	public boolean known() {
		return REGISTRY.isKnown(value);
	}

	@Override
	public String toString() {
		return ianaName;
	}

	// equals and hashCode written out, as a record's own would be: those are bootstrapped through
	// invokedynamic on first use (a few milliseconds each in a fresh JVM, for every registry type
	// the first exchange compares — a tenth of 'ikewb run' start-up).
	@Override
	public boolean equals(Object o) {
		return o instanceof NotifyType other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
