package shop.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each account's sign-in sessions, oldest first, so that a person can see where they are signed in.
 */
public final class Sessions {

    private final Map<String, List<String>> byAccount = new ConcurrentHashMap<>();

    /** Records a new session of an account. */
    public void signedIn(String account, String session) {
        byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(session);
    }

    /** Ends every session of an account. */
    public void signOutEverywhere(String account) {
        byAccount.remove(account);
    }

    /**
     * The session an account signed in with last.
     *
     * @param account the account
     * @return its newest session, or null when it has none
     */
    public String latest(String account) {
        List<String> sessions = byAccount.getOrDefault(account, List.of());
        if (sessions.isEmpty()) {
            return null;
        }
        return sessions.get(sessions.size() - 1);
    }
}
