package dev.quiesce.scenario;

import dev.quiesce.usercode.GuestCompiler;
import dev.quiesce.usercode.UserGuestBuilder;

import java.util.List;
import java.util.Map;

/** The user-guest builder scenarios use: gcc from the PATH, the runtime's objects and headers. */
final class UserCode {

    private UserCode() {
    }

    static UserGuestBuilder builder() {
        return new UserGuestBuilder(new GuestCompiler(), List.of(), Map.of());
    }
}
