package dev.chimera.contract.params;

import dev.chimera.contract.InputRole;
import dev.chimera.contract.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Compares the input image roles a submission supplies with the roles its method takes. */
public final class InputRoleCheck {

    private InputRoleCheck() {
    }

    /** One {@code missing_input} per required role not supplied, one {@code unexpected_input} per unknown role. */
    public static List<Problem> problems(Method method, Collection<String> suppliedRoles) {
        List<Problem> problems = new ArrayList<>();
        for (InputRole role : method.inputRoles()) {
            if (role.required() && !suppliedRoles.contains(role.name())) {
                problems.add(new Problem(ProblemCode.MISSING_INPUT, "inputs." + role.name(),
                        method.wireName() + " requires an image for " + role.name()));
            }
        }
        String taken = method.inputRoles().stream().map(InputRole::name).collect(Collectors.joining(", "));
        suppliedRoles.stream()
                .filter(name -> method.inputRole(name).isEmpty())
                .sorted()
                .forEach(name -> problems.add(new Problem(ProblemCode.UNEXPECTED_INPUT, "inputs." + name,
                        method.wireName() + " takes no image " + name + "; it takes " + taken)));
        return problems;
    }
}
