package io.countersign.feedback;

/**
 * Sample payloads from the providers' documentation (the recipient address replaced per test): the Amazon SES
 * bounce and complaint notification examples, the Amazon SNS message and subscription confirmation examples,
 * the SendGrid Event Webhook reference example and Postmark's bounce and spam complaint webhook examples.
 */
final class FeedbackSamples {

    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:MyTopic";

    private FeedbackSamples() {
    }

    /** SES "bounce notification with a DSN" (docs.aws.amazon.com/ses/latest/dg/notification-examples.html). */
    static String sesBounce(String address) {
        return """
                {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","reportingMTA":"dns; email.example.com",
                "bouncedRecipients":[{"emailAddress":"ADDRESS","status":"5.1.1","action":"failed",
                "diagnosticCode":"smtp; 550 5.1.1 <ADDRESS>... User"}],"bounceSubType":"General",
                "timestamp":"2016-01-27T14:59:38.237Z","feedbackId":"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000",
                "remoteMtaIp":"127.0.2.0"},"mail":{"timestamp":"2016-01-27T14:59:38.237Z","source":"john@example.com",
                "sourceArn":"arn:aws:ses:us-east-1:888888888888:identity/example.com","sourceIp":"127.0.3.0",
                "sendingAccountId":"123456789012","messageId":"00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
                "destination":["ADDRESS","mary@example.com","richard@example.com"]}}""".replace("ADDRESS", address);
    }

    /** SES "complaint notification with a feedback report". */
    static String sesComplaint(String address) {
        return """
                {"notificationType":"Complaint","complaint":{"userAgent":"AnyCompany Feedback Loop (V0.01)",
                "complainedRecipients":[{"emailAddress":"ADDRESS"}],"complaintFeedbackType":"abuse",
                "arrivalDate":"2016-01-27T14:59:38.237Z","timestamp":"2016-01-27T14:59:38.237Z",
                "feedbackId":"000001378603177f-18c07c78-fa81-4a58-9dd1-fedc3cb8f49a-000000"},
                "mail":{"timestamp":"2016-01-27T14:59:38.237Z","messageId":"000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000",
                "source":"john@example.com","sourceArn":"arn:aws:ses:us-east-1:888888888888:identity/example.com",
                "sourceIp":"127.0.3.0","sendingAccountId":"123456789012","destination":["ADDRESS"]}}""".replace("ADDRESS", address);
    }

    /** SendGrid Event Webhook reference example, delivery events (bounce, deferred, spamreport among others). */
    static String sendGridEvents(String address) {
        return """
                [{"email":"ADDRESS","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"processed",\
                "category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id"},\
                {"email":"ADDRESS","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"deferred",\
                "category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id","response":"400 try again later","attempt":"5"},\
                {"email":"ADDRESS","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"delivered",\
                "category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id","response":"250 OK"},\
                {"email":"ADDRESS","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"bounce",\
                "category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id","reason":"500 unknown recipient",\
                "status":"5.0.0","type":"bounce"},\
                {"email":"ADDRESS","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"spamreport",\
                "category":"cat facts","sg_event_id":"sg_event_id","sg_message_id":"sg_message_id"}]""".replace("ADDRESS", address);
    }

    /** SendGrid: only a deferral (a soft bounce). */
    static String sendGridDeferred(String address) {
        return """
                [{"email":"ADDRESS","timestamp":1513299569,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>","event":"deferred",\
                "category":"cat facts","sg_event_id":"deferred-1","sg_message_id":"sg_message_id","response":"400 try again later","attempt":"5"}]"""
                .replace("ADDRESS", address);
    }

    /** Postmark bounce webhook example (postmarkapp.com/developer/webhooks/bounce-webhook). */
    static String postmarkBounce(String address) {
        return """
                {"RecordType":"Bounce","MessageStream":"outbound","ID":4323372036854775807,"Type":"HardBounce","TypeCode":1,
                "Name":"Hard bounce","Tag":"Test","MessageID":"883953f4-6105-42a2-a16a-77a8eac79483",
                "Metadata":{"a_key":"a_value","b_key":"b_value"},"ServerID":23,
                "Description":"The server was unable to deliver your message (ex: unknown user, mailbox not found).",
                "Details":"Test bounce details","Email":"ADDRESS","From":"sender@example.com",
                "BouncedAt":"2019-11-05T16:33:54.9070259Z","DumpAvailable":true,"Inactive":true,"CanActivate":true,
                "Subject":"Test subject","Content":"Test content"}""".replace("ADDRESS", address);
    }

    /** Postmark spam complaint webhook example. */
    static String postmarkComplaint(String address) {
        return """
                {"RecordType":"SpamComplaint","MessageStream":"outbound","ID":42,"Type":"SpamComplaint","TypeCode":512,
                "Name":"Spam complaint","Tag":"Test","MessageID":"00000000-0000-0000-0000-000000000000",
                "Metadata":{"a_key":"a_value","b_key":"b_value"},"ServerID":1234,"Description":"",
                "Details":"Test spam complaint details","Email":"ADDRESS","From":"sender@example.com",
                "BouncedAt":"2019-11-05T16:33:54.9070259Z","DumpAvailable":true,"Inactive":true,"CanActivate":false,
                "Subject":"Test subject","Content":"<Abuse report dump>"}""".replace("ADDRESS", address);
    }
}
