package org.ikewb.protocol;

/**
 * A value of one IANA "IKEv2 Parameters" registry. Values this code does not know are values too:
 * they keep their number so that a decoded message encodes back byte for byte.
 */
public interface IanaValue {

	/** The number on the wire. */
	int value();

	/** The IANA name, or "UNKNOWN(n)" for a value this code does not know. */
	String ianaName();

	/** Whether this code knows the value. */
	boolean known();
}
