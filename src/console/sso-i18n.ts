/** Single sign-on's strings (docs/console.md, "Single sign-on"), merged into the console's messages (i18n.ts). */
export const ssoEn = {
  ssoTitle: 'Single sign-on',
  ssoHelp:
    "If your organization signs in with its identity provider, give your work address: you continue on the provider's page.",
  ssoEmail: 'Work address',
  ssoButton: 'Continue with single sign-on',
  ssoGoing: 'Taking you to your organization’s sign-in page at {host}…',
  ssoContinue: 'Continue to {host}',
  passwordSignInOff: 'Your organization signs in with single sign-on only: use “Continue with single sign-on” below.',
  sso_noProvider:
    'No organization signs in with single sign-on for this email. Sign in with your password, or ask your admin.',
  sso_expired:
    'This sign-in is unknown, expired or was already used (or it was started in another browser). Start again.',
  sso_providerRefused:
    'Your identity provider did not sign you in. If you were removed from your organization, ask your admin.',
  sso_codeRefused:
    'Your identity provider refused this sign-in code (it was already used or has expired). Start again.',
  sso_wrongAudience:
    'The identity provider’s answer was issued for another application. Sign-in refused; tell your admin.',
  sso_tokenInvalid: 'The identity provider’s answer could not be verified. Sign-in refused; tell your admin.',
  sso_noEmail: 'Your identity provider gave no verified email address for you. Ask your admin.',
  sso_unknownDomain:
    'You have no account here, and your email’s domain is not one of your organization’s. Ask an admin for an invitation.',
  sso_otherOrganization: 'This email has an account in another organization. Sign in through that organization.',
  sso_deactivated: 'Your account is deactivated. Ask an admin of your organization.',
  sso_unreachable: 'Your organization’s identity provider cannot be reached right now. Try again in a few minutes.',
  ssoSettings: 'Single sign-on (OpenID Connect)',
  ssoSettingsIntro:
    'People of your organization sign in through your identity provider. Register Corroborate there with the redirect URI below, then give the issuer and the client.',
  ssoRedirectUri: 'Redirect URI to register at the provider',
  ssoIssuer: 'Issuer URL',
  ssoClientId: 'Client ID',
  ssoClientSecret: 'Client secret',
  ssoClientSecretHelp:
    'Stored encrypted, never shown again. Leave empty to keep the current one; none for a public client (PKCE alone).',
  ssoSecretStored: 'A client secret is stored.',
  ssoClearSecret: 'Remove the stored secret (public client)',
  ssoDomains: 'Email domains whose people may join',
  ssoDomainsHelp:
    'Comma-separated, e.g. lequotidien.fr, lq.fr. A person with such an email and no account joins with the role below; invited people keep their invitation’s role.',
  ssoJoinRole: 'Role of people who join through a domain',
  ssoEnabled: 'Single sign-on is on',
  ssoPasswordSignIn: 'People may also sign in with a password',
  ssoSave: 'Save single sign-on',
  ssoRemove: 'Remove single sign-on',
  ssoSaved: 'Single sign-on is saved: its provider answered.',
  ssoRemoved: 'Single sign-on is removed; people sign in with passwords.',
};

export const ssoFr: typeof ssoEn = {
  ssoTitle: 'Authentification unique',
  ssoHelp:
    "Si votre organisation se connecte par son fournisseur d'identité, donnez votre adresse professionnelle : vous continuerez sur la page du fournisseur.",
  ssoEmail: 'Adresse professionnelle',
  ssoButton: "Continuer avec l'authentification unique",
  ssoGoing: 'Redirection vers la page de connexion de votre organisation, sur {host}…',
  ssoContinue: 'Continuer vers {host}',
  passwordSignInOff:
    "Votre organisation se connecte uniquement par authentification unique : utilisez « Continuer avec l'authentification unique » ci-dessous.",
  sso_noProvider:
    'Aucune organisation ne se connecte par authentification unique pour cette adresse. Connectez-vous avec votre mot de passe, ou demandez à votre administrateur.',
  sso_expired:
    'Cette connexion est inconnue, expirée ou déjà utilisée (ou elle a commencé dans un autre navigateur). Recommencez.',
  sso_providerRefused:
    "Votre fournisseur d'identité ne vous a pas connecté. Si vous avez été retiré de votre organisation, demandez à votre administrateur.",
  sso_codeRefused: "Votre fournisseur d'identité a refusé ce code de connexion (déjà utilisé ou expiré). Recommencez.",
  sso_wrongAudience:
    "La réponse du fournisseur d'identité a été émise pour une autre application. Connexion refusée ; prévenez votre administrateur.",
  sso_tokenInvalid:
    "La réponse du fournisseur d'identité n'a pas pu être vérifiée. Connexion refusée ; prévenez votre administrateur.",
  sso_noEmail: "Votre fournisseur d'identité n'a donné aucune adresse vérifiée. Demandez à votre administrateur.",
  sso_unknownDomain:
    "Vous n'avez pas de compte ici, et le domaine de votre adresse n'est pas l'un de ceux de votre organisation. Demandez une invitation à un administrateur.",
  sso_otherOrganization:
    'Cette adresse a un compte dans une autre organisation. Connectez-vous par cette organisation.',
  sso_deactivated: 'Votre compte est désactivé. Demandez à un administrateur de votre organisation.',
  sso_unreachable:
    "Le fournisseur d'identité de votre organisation est injoignable pour le moment. Réessayez dans quelques minutes.",
  ssoSettings: 'Authentification unique (OpenID Connect)',
  ssoSettingsIntro:
    "Les personnes de votre organisation se connectent par votre fournisseur d'identité. Enregistrez-y Corroborate avec l'URI de redirection ci-dessous, puis indiquez l'émetteur et le client.",
  ssoRedirectUri: 'URI de redirection à enregistrer chez le fournisseur',
  ssoIssuer: "URL de l'émetteur (issuer)",
  ssoClientId: 'Identifiant du client',
  ssoClientSecret: 'Secret du client',
  ssoClientSecretHelp:
    'Stocké chiffré, jamais réaffiché. Laissez vide pour garder le secret actuel ; aucun pour un client public (PKCE seul).',
  ssoSecretStored: 'Un secret du client est enregistré.',
  ssoClearSecret: 'Supprimer le secret enregistré (client public)',
  ssoDomains: 'Domaines dont les personnes peuvent rejoindre',
  ssoDomainsHelp:
    'Séparés par des virgules, par ex. lequotidien.fr, lq.fr. Une personne avec une telle adresse et sans compte rejoint avec le rôle ci-dessous ; les personnes invitées gardent le rôle de leur invitation.',
  ssoJoinRole: 'Rôle des personnes qui rejoignent par un domaine',
  ssoEnabled: "L'authentification unique est active",
  ssoPasswordSignIn: 'Les personnes peuvent aussi se connecter avec un mot de passe',
  ssoSave: "Enregistrer l'authentification unique",
  ssoRemove: "Supprimer l'authentification unique",
  ssoSaved: "L'authentification unique est enregistrée : son fournisseur a répondu.",
  ssoRemoved: "L'authentification unique est supprimée ; les personnes se connectent avec un mot de passe.",
};
