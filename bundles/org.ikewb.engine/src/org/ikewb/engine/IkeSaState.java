package org.ikewb.engine;

/** The life of an IKE SA. */
public enum IkeSaState {
	CREATED, CONNECTING, ESTABLISHED, REKEYING, DELETING, DELETED, FAILED
}
