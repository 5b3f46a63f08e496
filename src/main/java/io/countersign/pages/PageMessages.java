package io.countersign.pages;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Wording of the hosted pages (English); the German translation is {@code messages/pages_de.properties}. The
 * resources pick the bundle of the request's language ({@link PageLanguage}) and hand plain strings to the
 * templates, which Qute escapes.
 */
@MessageBundle(value = "pages", locale = "en")
public interface PageMessages {

    @Message("Language")
    String language();

    @Message("Provided by {product}.")
    String footer(String product);

    @Message("There is a problem")
    String problemHeading();

    // sign-up verification
    @Message("Confirm your account")
    String verifyTitle();

    @Message("Press the button to confirm your {product} account.")
    String verifyIntro(String product);

    @Message("Confirm my account")
    String verifyButton();

    @Message("Your password (optional)")
    String verifyPasswordLabel();

    @Message("Type the password you chose when you signed up to keep it. Left empty, the account is confirmed without a password and you choose one with \u201cForgot password\u201d.")
    String verifyPasswordHint();

    @Message("Choose your password")
    String inviteTitle();

    @Message("Your {product} account was created for you. Choose a password to confirm it; you will sign in with it.")
    String inviteIntro(String product);

    @Message("This account was created for you and needs a password: open the link in your message to choose it.")
    String invitationNeedsLink();

    @Message("Your account is confirmed")
    String verifiedTitle();

    @Message("Thank you. Sign in with the password you gave here; if you gave none, choose one with \u201cForgot password\u201d: a password chosen before the address was confirmed is kept only when it is typed again here.")
    String verifiedText();

    @Message("Enter your code")
    String codeTitle();

    @Message("Enter the code from your message, together with the email address or phone number it was sent to.")
    String codeIntro();

    @Message("Email address or phone number")
    String identityLabel();

    @Message("Phone numbers in international form, for example +4915112345678.")
    String identityHint();

    @Message("Code")
    String codeLabel();

    @Message("Confirm")
    String codeButton();

    @Message("Have a code instead? Enter it here.")
    String codeLink();

    @Message("Get a new confirmation link")
    String resendTitle();

    @Message("Enter your email address or phone number. If the account exists and is not yet confirmed, we send you a new link and code.")
    String resendIntro();

    @Message("Send me a new link")
    String resendButton();

    @Message("Check your messages")
    String sentTitle();

    @Message("If an account exists for this address, a new message is on its way. It can take a minute to arrive; the previous link no longer works.")
    String sentText();

    // password reset
    @Message("Choose a new password")
    String resetTitle();

    @Message("Choose the new password for your {product} account.")
    String resetIntro(String product);

    @Message("New password")
    String passwordLabel();

    @Message("Repeat the new password")
    String confirmLabel();

    @Message("Your password must have")
    String policyTitle();

    @Message("at least {min} and at most {max} characters, any letters, digits, spaces or symbols")
    String policyLength(int min, int max);

    @Message("a value that is not on a list of commonly used passwords")
    String policyCommon();

    @Message("a value that differs from your email address, phone number and username")
    String policyIdentity();

    @Message("enough words or characters that it is hard to guess (no names, dates, keyboard rows or repeats)")
    String policyStrength();

    @Message("Tip: a passphrase of four or more unrelated words is strong and easy to remember.")
    String strengthHint();

    @Message("Strength: weak")
    String strengthWeak();

    @Message("Strength: fair")
    String strengthFair();

    @Message("Strength: strong")
    String strengthStrong();

    @Message("Save the new password")
    String resetButton();

    @Message("The two passwords do not match.")
    String mismatch();

    @Message("Your password has been changed")
    String resetDoneTitle();

    @Message("You can now sign in with your new password. For your security, every device signed in to your account has been signed out.")
    String resetDoneText();

    @Message("Reset your password")
    String forgotTitle();

    @Message("Enter your email address or phone number. If an account exists for it, we send you a link and a code to choose a new password.")
    String forgotIntro();

    @Message("Send me a reset link")
    String forgotButton();

    // identity change
    @Message("Confirm your new address")
    String identityConfirmTitle();

    @Message("Press the button to use this email address or phone number for your {product} account from now on.")
    String identityConfirmIntro(String product);

    @Message("Confirm the change")
    String identityConfirmButton();

    @Message("Your address has been changed")
    String identityConfirmedTitle();

    @Message("Your previous address received a message with a link to undo the change. You have been signed out everywhere; sign in again with the new address.")
    String identityConfirmedText();

    @Message("Undo the change of your address")
    String revertTitle();

    @Message("The email address or phone number of your {product} account was changed. If you did not do this, undo it: your previous address comes back, every device is signed out and you choose a new password.")
    String revertIntro(String product);

    @Message("Undo the change")
    String revertButton();

    @Message("The change has been undone")
    String revertedTitle();

    @Message("Your previous address is restored and every device has been signed out. We sent you a link to choose a new password.")
    String revertedText();

    // errors
    @Message("This link has expired")
    String expiredTitle();

    @Message("Links are valid for a limited time only.")
    String expiredText();

    @Message("This link can no longer be used")
    String usedTitle();

    @Message("It has been used already, or a newer message replaced it. Use the link in the newest message.")
    String usedText();

    @Message("This link is not valid")
    String malformedTitle();

    @Message("The link is incomplete or damaged. Copy the whole link from your message into the address bar, or ask for a new one.")
    String malformedText();

    @Message("We can send you a new one.")
    String offerNewLink();

    @Message("Start the change again in the application where you asked for it.")
    String identityAgain();

    @Message("If the change was not you, reset your password and contact support.")
    String revertTooLate();

    @Message("The code is not correct. Check it and try again.")
    String codeIncorrect();

    @Message("There is no code waiting for this account, or it is no longer valid. Ask for a new one.")
    String codeNotPending();

    @Message("We found no account for this address.")
    String userNotFound();

    @Message("Enter an email address or a phone number in international form.")
    String identityInvalid();

    @Message("Your account is already confirmed. You can sign in.")
    String alreadyVerified();

    @Message("Confirm your account first; use the link in the message we sent when you signed up.")
    String notVerified();

    @Message("This address already belongs to another account.")
    String identityTaken();

    @Message("Too many attempts. Try again in {minutes} minute(s).")
    String rateLimited(long minutes);

    @Message("This form has expired")
    String csrfTitle();

    @Message("For your security, the form could not be accepted. Open the link from your message again and submit the form once more.")
    String csrfText();

    @Message("Something went wrong")
    String errorTitle();

    @Message("Please check what you entered and try again.")
    String errorText();

    @Message("Please confirm that you are a person: solve the check above the button, then send the form again.")
    String captchaFailed();

    @Message("The check that you are a person cannot be done right now, so nothing was sent. Please try again in a moment.")
    String captchaUnavailable();

    @Message("Page not found")
    String notFoundTitle();

    // a flow switched off by configuration (countersign.flows, countersign.hooks)
    @Message("Not available here")
    String offTitle();

    @Message("{product} does not offer this here. If you need it, ask the people who run the service you signed up with.")
    String offText(String product);

    // the generic self-service page (ProcessPages)
    @Message("Name your account")
    String stageUserQuery();

    @Message("Enter the code we sent you")
    String stageValidation();

    @Message("Choose a new password")
    String stageReset();

    @Message("Your account")
    String stageUserDetails();

    @Message("Terms and conditions")
    String stageTerms();

    @Message("Consent")
    String stageConsent();

    @Message("Email address")
    String fieldEmail();

    @Message("Phone number")
    String fieldPhone();

    @Message("Username")
    String fieldUsername();

    @Message("Your name")
    String fieldDisplayName();

    @Message("Password")
    String fieldPassword();

    @Message("Your language, e.g. en or de")
    String fieldLocale();

    @Message("I accept the terms and conditions")
    String fieldAccept();

    @Message("I agree that my data is processed to run my account and to send me its messages")
    String fieldConsent();

    @Message("required")
    String processRequired();

    @Message("Continue")
    String processContinue();

    @Message("Read the terms and conditions")
    String processTermsLink();

    @Message("All done")
    String processDoneTitle();

    @Message("Everything is complete. You can close this page.")
    String processDoneText();

    @Message("This step can no longer be used")
    String processStaleTitle();

    @Message("It was already submitted, or too much time has passed. Please start again.")
    String processStaleText();

    @Message("This link continues a step started in another browser, or one that has ended. Open it in the browser where you started, or start again.")
    String processElsewhereText();

    @Message("Start again")
    String processStartAgain();
}
