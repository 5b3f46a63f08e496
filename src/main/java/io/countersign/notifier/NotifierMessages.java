package io.countersign.notifier;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Wording of every notification (English); translations in {@code messages/notifier_<lang>.properties}, and a
 * missing translation falls back to English. Templates use it as {@code {notifier:key(...)}}; per type there is
 * a subject, an intro, an action label for the link (types with links) and an SMS text.
 */
@MessageBundle(value = "notifier", locale = "en")
public interface NotifierMessages {

    @Message("Hello {name},")
    String greeting(String name);

    @Message("Hello,")
    String greetingAnonymous();

    @Message("Your code: {code}")
    String codeLine(String code);

    @Message("If the button does not work, copy this link into your browser:")
    String linkFallback();

    @Message("This link and code are valid until {expiresAt}.")
    String expiresLine(String expiresAt);

    @Message("This link is valid until {expiresAt}.")
    String linkExpiresLine(String expiresAt);

    @Message("If you did not ask for this, you can ignore this message.")
    String ignoreLine();

    @Message("If this was not you, reset your password right away and contact support.")
    String notYouLine();

    @Message("This message was sent by {product}. Please do not reply to it.")
    String footer(String product);

    @Message("Code: {code}")
    String smsCode(String code);

    @Message("Confirm your {product} account")
    String resendVerifySignup_subject(String product);

    @Message("Please confirm your address to finish setting up your {product} account.")
    String resendVerifySignup_intro(String product);

    @Message("Confirm my account")
    String resendVerifySignup_action(String product);

    @Message("{product}: confirm your account.")
    String resendVerifySignup_sms(String product);

    @Message("Your {product} account is verified")
    String verifySignup_subject(String product);

    @Message("Your {product} account is verified. Welcome!")
    String verifySignup_intro(String product);

    @Message("{product}: your account is verified. Welcome!")
    String verifySignup_sms(String product);

    @Message("Your {product} account is verified")
    String verifySignupSetPassword_subject(String product);

    @Message("Your {product} account is verified and your password is set. Welcome!")
    String verifySignupSetPassword_intro(String product);

    @Message("{product}: your account is verified and your password is set.")
    String verifySignupSetPassword_sms(String product);

    @Message("Reset your {product} password")
    String sendResetPwd_subject(String product);

    @Message("We received a request to reset the password of your {product} account.")
    String sendResetPwd_intro(String product);

    @Message("Choose a new password")
    String sendResetPwd_action(String product);

    @Message("{product}: reset your password.")
    String sendResetPwd_sms(String product);

    @Message("Your {product} password was reset")
    String resetPwd_subject(String product);

    @Message("The password of your {product} account was just reset.")
    String resetPwd_intro(String product);

    @Message("{product}: your password was reset.")
    String resetPwd_sms(String product);

    @Message("Your {product} account was deleted")
    String accountDeleted_subject(String product);

    @Message("Your {product} account and the data that belonged to it were deleted. You can no longer sign in with it, and this address can be used for a new account.")
    String accountDeleted_intro(String product);

    @Message("If you did not ask for this, contact support.")
    String accountDeleted_notYou(String product);

    @Message("{product}: your account was deleted.")
    String accountDeleted_sms(String product);

    @Message("Your {product} password was changed")
    String passwordChange_subject(String product);

    @Message("The password of your {product} account was just changed.")
    String passwordChange_intro(String product);

    @Message("{product}: your password was changed.")
    String passwordChange_sms(String product);

    @Message("Confirm your new {product} sign-in details")
    String identityChange_subject(String product);

    @Message("Please confirm that this address should be used for your {product} account. Nothing changes until you confirm.")
    String identityChange_intro(String product);

    @Message("Confirm the change")
    String identityChange_action(String product);

    @Message("{product}: confirm your new number.")
    String identityChange_sms(String product);

    @Message("Your {product} sign-in details were changed")
    String identityChangeRevert_subject(String product);

    @Message("The email address or phone number of your {product} account was changed. If that was you, there is nothing to do. If it was not, undo the change with this link.")
    String identityChangeRevert_intro(String product);

    @Message("Undo this change")
    String identityChangeRevert_action(String product);

    @Message("{product}: your sign-in details were changed. Not you? Undo it with this link:")
    String identityChangeRevert_sms(String product);

    @Message("The change to your {product} sign-in details was undone")
    String identityChangeReverted_subject(String product);

    @Message("The change to the email address or phone number of your {product} account was undone. For your safety, please reset your password now.")
    String identityChangeReverted_intro(String product);

    @Message("Choose a new password")
    String identityChangeReverted_action(String product);

    @Message("{product}: the change to your sign-in details was undone. Please set a new password.")
    String identityChangeReverted_sms(String product);

    @Message("Someone tried to sign up to {product} with your address")
    String accountExists_subject(String product);

    @Message("Someone tried to create a {product} account with this address, but it already has one. If it was you, sign in or reset your password.")
    String accountExists_intro(String product);

    @Message("{product}: someone tried to sign up with your number, which already has an account.")
    String accountExists_sms(String product);

    @Message("Someone tried to create a {product} account with this address, but it already has one, which is not confirmed yet. If it was you, confirm it with the link or code in the confirmation message we sent you, or ask for a new confirmation message where you signed up. You can sign in once the account is confirmed.")
    String accountExistsUnverified_intro(String product);

    @Message("{product}: someone tried to sign up with your number, which already has an account that is not confirmed yet. If it was you, use the code we sent you or ask for a new one.")
    String accountExistsUnverified_sms(String product);

    @Message("Your {product} username")
    String usernameReminder_subject(String product);

    @Message("You asked for the username of your {product} account. It is: {username}")
    String usernameReminder_intro(String product, String username);

    @Message("{product}: your username is {username}")
    String usernameReminder_sms(String product, String username);
}
