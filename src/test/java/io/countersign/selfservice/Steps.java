package io.countersign.selfservice;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.countersign.testing.Mailbox;
import io.countersign.testing.SmsStub;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;

/**
 * A generic client of {@code /selfservice/{process}}, like a front end that renders any process: it answers whatever
 * stage the server asks for next from a map of inputs by stage type, so the same test runs in any configured order.
 * Every requirements schema it sees is kept for the meta-schema check.
 */
final class Steps {

    static final List<Map<String, Object>> SEEN = Collections.synchronizedList(new ArrayList<>());
    private static final Pattern CODE = Pattern.compile("(?i)code: (\\d{6})");
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Steps() {
    }

    static Response start(String process) {
        Response response = given().accept(ContentType.JSON).get("/selfservice/" + process);
        keep(response);
        return response;
    }

    static Response submit(String process, String token, Map<String, ?> input) {
        Map<String, Object> body = new HashMap<>();
        body.put("input", input);
        if (token != null) {
            body.put("token", token);
        }
        Response response = given().contentType(ContentType.JSON).queryParam("_action", "submitRequirements").body(body)
                .post("/selfservice/" + process);
        keep(response);
        return response;
    }

    @SuppressWarnings("unchecked")
    private static void keep(Response response) {
        if (response.contentType() != null && response.contentType().startsWith("application/json")) {
            Map<String, Object> requirements = response.jsonPath().getMap("requirements");
            if (requirements != null) {
                SEEN.add(requirements);
            }
        }
    }

    /** Runs the process to its end, each stage answered by {@code inputs.get(type)}; the stage types in order. */
    static List<String> run(String process, Map<String, Function<Response, Map<String, ?>>> inputs) {
        List<String> types = new ArrayList<>();
        Response answer = start(process);
        answer.then().statusCode(200);
        String token = null;
        while (!"end".equals(answer.jsonPath().getString("type"))) {
            String type = answer.jsonPath().getString("type");
            types.add(type);
            Function<Response, Map<String, ?>> input = inputs.get(type);
            assertTrue(input != null, "no input for stage " + type);
            answer = submit(process, token, input.apply(answer));
            answer.then().statusCode(200);
            token = answer.jsonPath().getString("token");
        }
        assertTrue(answer.jsonPath().getBoolean("status.success"));
        return types;
    }

    /** The code of the latest message to the address whose text links to the path (e.g. /pages/selfservice/reset). */
    static String mailedCode(String email, String path, int atLeast) {
        Awaitility.await().atMost(DELIVERY).until(() -> mails(email, path).size() >= atLeast);
        List<MimeMessage> mails = mails(email, path);
        Matcher code = CODE.matcher(Mailbox.part(mails.get(mails.size() - 1), "text/plain"));
        assertTrue(code.find(), "the message carries a code");
        return code.group(1);
    }

    static List<MimeMessage> mails(String email, String path) {
        return Mailbox.to(email).stream().filter(m -> Mailbox.part(m, "text/plain").contains(path + "?")).toList();
    }

    /** The code of the latest SMS to the phone whose text contains the wording. */
    static String smsCode(String phone, String wording, int atLeast) {
        Awaitility.await().atMost(DELIVERY).until(() -> sms(phone, wording).size() >= atLeast);
        List<SmsStub.Request> sent = sms(phone, wording);
        try {
            String text = (String) JSON.readValue(sent.get(sent.size() - 1).body(), Map.class).get("text");
            Matcher code = CODE.matcher(text);
            assertTrue(code.find(), "the SMS carries a code");
            return code.group(1);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<SmsStub.Request> sms(String phone, String wording) {
        return SmsStub.shared().requestsMentioning(phone).stream().filter(r -> r.body().contains(wording)).toList();
    }

    static Map<String, ?> map(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
